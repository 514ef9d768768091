import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * For the run executors' tests: a workspace at `root` with one installed package, `@acme/tool`,
 * whose program `tool` is `script` (a Node script with its shebang). It lives outside `run/` so
 * that it is not among the run executor's inputs (`executorFiles` in plugin/needs.ts takes
 * `run/*.ts`): a change to a test helper must not re-run every cached build and test.
 */
export function installFakeProgram(root: string, script: string): void {
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "ws", workspaces: [] }));
  const pkg = join(root, "node_modules", "@acme", "tool");
  mkdirSync(join(pkg, "bin"), { recursive: true });
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ name: "@acme/tool", bin: { tool: "./bin/tool.cjs" } }),
  );
  writeFileSync(join(pkg, "bin", "tool.cjs"), script);
  chmodSync(join(pkg, "bin", "tool.cjs"), 0o755);
}
