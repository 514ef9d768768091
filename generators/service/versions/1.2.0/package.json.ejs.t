---
to: apps/<%= name %>/package.json
---
<%- JSON.stringify({
  name: packageName,
  version: "0.1.0",
  private: true,
  type: "module",
  description,
  dependencies: { [`@${org}/runtime`]: "*", valibot: "1.5.0" },
  devDependencies: { [`@${org}/infra`]: "*", ...(bucket ? { [`@${org}/local`]: "*" } : {}), [`@${org}/sst-offline`]: "*" },
  nx: { tags: ["type:service", `owner:${owner}`, `kind:${kind}`] },
  shipyard: { template: "service", templateVersion, answers },
}, null, 2) %>
