import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // Each evaluation runs in its own Node process (2 to 4 s); files run in parallel.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
