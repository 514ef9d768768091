---
to: apps/<%= service %>/src/app.test.ts
inject: true
before: "(?<=\\n)\\}\\);(?![\\s\\S]*\\n\\}\\);)"
skip_if: <%- skip.test %>
eof_last: false
---
<%_ const example = path.replace(/\{([A-Za-z0-9]+)\}/g, "example-$1"); _%>

  it("answers <%= routeKey %>", async () => {
    const response = await app.request("<%= example %>", {
      method: "<%= method %>",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      route: "<%= routeKey %>",
<%_ if (params.length === 0) { _%>
      params: {},
<%_ } else { _%>
      params: {
<%_ for (const param of params) { _%>
        <%= param %>: "example-<%= param %>",
<%_ } _%>
      },
<%_ } _%>
    });
  });
