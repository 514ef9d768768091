---
to: out/<%= name %>/installed.txt
sh: cat > out/<%= name %>/from-sh.txt
---
piped to the command
