---
to: apps/<%= service %>/infra/index.ts
inject: true
before: "^\\] as const;$"
skip_if: <%- skip.infra %>
eof_last: false
---
  "<%= routeKey %>",
