---
to: apps/<%= service %>/src/app.ts
inject: true
before: <%- anchor.app %>
skip_if: <%- skip.app %>
eof_last: false
---
  app.<%= method.toLowerCase() %>("<%= honoPath %>", async (c) => {
<%_ for (const param of params) { _%>
    const <%= param %> = c.req.param("<%= param %>");
<%_ } _%>
    // Added by nx g @<%= org %>/platform:route: replace this answer with the route's work.
    return c.json({
      route: "<%= routeKey %>",
<%_ if (params.length === 0) { _%>
      params: {},
<%_ } else { _%>
      params: {
<%_ for (const param of params) { _%>
        <%= param %>,
<%_ } _%>
      },
<%_ } _%>
    });
  });

