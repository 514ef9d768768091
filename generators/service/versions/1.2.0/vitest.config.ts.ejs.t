---
to: apps/<%= name %>/vitest.config.ts
---
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["{src,infra}/**/*.test.ts"],
  },
});
