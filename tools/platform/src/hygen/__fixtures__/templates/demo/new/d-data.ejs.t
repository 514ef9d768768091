---
to: out/<%= name %>/data.json
---
<%- JSON.stringify({ name, tags: [`kind:${kind}`, "a&b <c>"] }, null, 2) %>
