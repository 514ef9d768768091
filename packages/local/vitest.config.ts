import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    // The serve tests start real processes (PGlite takes seconds on small machines).
    testTimeout: 180_000,
    hookTimeout: 30_000,
  },
});
