---
# The body is cut from the service template's own rendering (postgres-pieces.ts in tools/platform).
to: apps/<%= service %>/infra/infra.test.ts
inject: true
before: <%- anchor.infraTests %>
skip_if: <%- skip.infraTests %>
eof_last: false
---
<%- pieces.infraTests.text %>
