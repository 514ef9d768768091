import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // The integration tests run Nx and git in workspace copies; each takes seconds.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
