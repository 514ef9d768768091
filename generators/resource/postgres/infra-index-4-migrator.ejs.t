---
to: apps/<%= service %>/infra/index.ts
inject: true
after: <%- anchor.infraEnd %>
skip_if: <%- skip.migrator %>
eof_last: false
---
<%- pieces.migrator %>
