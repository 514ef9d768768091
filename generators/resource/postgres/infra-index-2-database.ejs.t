---
# The body is cut from the service template's own rendering (postgres-pieces.ts in tools/platform).
to: apps/<%= service %>/infra/index.ts
inject: true
after: <%- anchor.infra %>
skip_if: <%- skip.database %>
eof_last: false
---
<%- pieces.database %>
