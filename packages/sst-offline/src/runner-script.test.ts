import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { RUNNER_SOURCE, runnerScript } from "./runner-script.js";

// Inside the package, so that the entry's imports (esbuild, @acme/contract) resolve as the runner's do.
const scratch = mkdtempSync(
  fileURLToPath(new URL("../node_modules/.cache/runner-script-test-", import.meta.url)),
);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(file: string, ...args: string[]) {
  return spawnSync(process.execPath, [file, ...args], { encoding: "utf8" });
}

describe("runnerScript", () => {
  it("compiles once, reuses the result, and compiles again when an imported file changes", async () => {
    const source = join(scratch, "src", "entry.ts");
    mkdirSync(join(scratch, "src"), { recursive: true });
    writeFileSync(
      source,
      'import { greeting } from "./greeting.js";\nconsole.log(greeting satisfies string);\n',
    );
    writeFileSync(join(scratch, "src", "greeting.ts"), 'export const greeting: string = "one";\n');
    const cacheDir = join(scratch, "cache");

    const first = await runnerScript({ source, cacheDir });
    expect(run(first).stdout).toBe("one\n");
    expect(await runnerScript({ source, cacheDir })).toBe(first);

    writeFileSync(join(scratch, "src", "greeting.ts"), 'export const greeting: string = "two";\n');
    const second = await runnerScript({ source, cacheDir });
    expect(second).not.toBe(first);
    expect(run(second).stdout).toBe("two\n");
    expect(readdirSync(cacheDir).filter((name) => name.endsWith(".mjs"))).toHaveLength(2);
  });

  it("gives the real runner as plain JavaScript that node starts without a loader", async () => {
    const runner = await runnerScript();
    expect(runner).toMatch(/runner-[0-9a-f]{16}\.mjs$/);
    expect(RUNNER_SOURCE).toMatch(/runner\.ts$/);
    const child = run(runner);
    expect(child.stderr).toContain("Usage: node runner.mjs <options JSON>");
    expect(child.status).toBe(2);
  });
});
