---
to: out/<%= name %>/hello.txt
---
Hello <%= Name %> (<%= h.changeCase.camel(name) %>), kind <%= kind %>.
