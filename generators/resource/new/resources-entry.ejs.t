---
to: apps/<%= service %>/infra/resources.ts
inject: true
before: "^  \\];$"
skip_if: <%- skip.entry %>
eof_last: false
---
<%_ if (placeholder) { _%>
    <%- constructor %>(
      "<%= componentName %>",
      $app.stage === "production" ? undefined : "unset: sst secret set <%= componentName %> <value>",
    ),
<%_ } else { _%>
    <%- constructor %>("<%= componentName %>"),
<%_ } _%>
