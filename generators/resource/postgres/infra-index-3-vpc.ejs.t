---
# The body is cut from the service template's own rendering (postgres-pieces.ts in tools/platform).
to: apps/<%= service %>/infra/index.ts
inject: true
after: <%- anchor.link %>
skip_if: <%- skip.vpc %>
eof_last: false
---
<%- pieces.vpc %>
