/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The orders service as an SST app. No top-level imports (SST evaluates this file on its
 * own first): the platform's conventions and the service's infrastructure load inside `run()`.
 */
export default $config({
  app(input) {
    return {
      name: "orders",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    applyConventions({ service: "orders", owner: "payments" });
    const { infra } = await import("./infra");
    return infra();
  },
});
