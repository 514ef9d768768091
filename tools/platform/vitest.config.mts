import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["{src,bin}/**/*.test.ts"],
    env: { NX_SKIP_FORMAT: "true" },
  },
});
