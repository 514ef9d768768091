---
to: apps/<%= service %>/infra/index.ts
inject: true
after: <%- anchor.call %>
skip_if: <%- skip.call %>
eof_last: false
---
  <%= functionName %>(<%= database ? consumerLines.arguments : "" %>);
