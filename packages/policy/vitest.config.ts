import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // Each evaluation runs SST's components in a child process: seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
