---
to: apps/<%= service %>/infra/index.ts
inject: true
after: "^export function infra\\(\\) \\{$"
skip_if: <%- skip.call %>
eof_last: false
---
  <%= functionName %>();
