import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["{src,bin}/**/*.test.ts"],
    env: { NX_SKIP_FORMAT: "true" },
    // Many tests start the platform's commands and Nx as processes; on a busy 2-core CI machine
    // Vitest's 5 s default fails them for load, not behaviour.
    testTimeout: 60_000,
  },
});
