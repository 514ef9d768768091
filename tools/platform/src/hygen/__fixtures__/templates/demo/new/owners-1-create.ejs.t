---
to: out/OWNERS
unless_exists: true
---
# Owners of each folder.
