---
# The body is cut from the service template's own rendering (postgres-pieces.ts in tools/platform).
to: apps/<%= service %>/infra/index.ts
inject: true
after: <%- anchor.infraEnd %>
skip_if: <%- skip.migrator %>
eof_last: false
---
<%- pieces.migrator %>
