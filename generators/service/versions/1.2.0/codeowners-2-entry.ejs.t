---
to: CODEOWNERS
inject: true
append: true
eof_last: false
skip_if: '(?:^|\n)/apps/<%= name %>/\s'
---
/apps/<%= name %>/ @<%= org %>/<%= owner %>
