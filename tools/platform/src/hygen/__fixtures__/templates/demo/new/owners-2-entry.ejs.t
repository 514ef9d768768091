---
to: out/OWNERS
inject: true
append: true
eof_last: false
skip_if: '(?:^|\n)/out/<%= name %>/\s'
---
/out/<%= name %>/ @acme/<%= owner %>
