---
to: apps/<%= service %>/infra/resources.ts
inject: true
before: "^  \\];$"
skip_if: <%- skip.entry %>
eof_last: false
---
<%_ if (type === "secret") { _%>
    <%- constructor %>(
      "<%= componentName %>",
      $app.stage === "production" ? undefined : "unset: sst secret set <%= componentName %> <value>",
    ),
<%_ } else if (type === "table") { _%>
    <%- constructor %>("<%= componentName %>", {
      fields: { pk: "string", sk: "string" },
      primaryIndex: { hashKey: "pk", rangeKey: "sk" },
    }),
<%_ } else { _%>
    <%- constructor %>("<%= componentName %>"),
<%_ } _%>
