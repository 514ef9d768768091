---
to: apps/<%= name %>/sst.config.ts
---
/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The <%= name %> service as an SST app. No top-level imports (SST evaluates this file on its
 * own first): the platform's conventions and the service's infrastructure load inside `run()`.
 */
export default $config({
  app(input) {
    return {
      name: "<%= name %>",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    const { applyConventions } = await import("@<%= org %>/infra");
    applyConventions({ service: "<%= name %>", owner: "<%= owner %>" });
    const { infra } = await import("./infra");
    return infra();
  },
});
