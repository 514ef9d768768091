import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createNodesV2 } from "../create-nodes";

const WORKSPACE = resolve(__dirname, "..", "..", "..", "..", "..");
let workspaceRoot: string;
beforeEach(() => {
  workspaceRoot = mkdtempSync(join(tmpdir(), "format-check-target-"));
});
afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
  writeFileSync(join(workspaceRoot, path), content);
}

/** The format-check target's command, run as Nx runs it: a shell in the project's folder. */
async function formatCheck(): Promise<{ status: number | null; output: string }> {
  write("tools/platform/package.json", JSON.stringify({ name: "@acme/platform" }));
  // As npm links the workspace's packages: the plugin's bin folder is this package's.
  mkdirSync(join(workspaceRoot, "node_modules", "@acme"), { recursive: true });
  symlinkSync(
    join(WORKSPACE, "tools", "platform"),
    join(workspaceRoot, "node_modules", "@acme", "platform"),
  );
  // As Biome writes it with its defaults (no biome.json here).
  write("packages/lib/package.json", '{\n\t"name": "@acme/lib"\n}\n');
  const results = await createNodesV2[1](["packages/lib/package.json"], undefined, {
    workspaceRoot,
    nxJsonConfiguration: {},
  });
  const target = results[0]?.[1].projects?.["packages/lib"]?.targets?.["format-check"];
  const run = spawnSync(target?.command as string, {
    shell: true,
    cwd: join(workspaceRoot, target?.options.cwd as string),
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${join(WORKSPACE, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
    },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const FIX = "npm run format";

it("fails on a file Biome would format otherwise, and names the command that formats it", async () => {
  write("packages/lib/src/index.ts", "export  const x = 1;\n");
  const { status, output } = await formatCheck();
  expect(status).not.toBe(0);
  expect(output).toContain("index.ts"); // Biome's own report of the difference, first.
  expect(output).toContain(
    "✗ Not formatted as Biome writes it (the differences are above). To fix it, run `npm run format` at the workspace root (every file), or `npx biome format --write <file>` (one file).",
  );
});

it("passes quietly on formatted files", async () => {
  write("packages/lib/src/index.ts", "export const x = 1;\n");
  const { status, output } = await formatCheck();
  expect(status).toBe(0);
  expect(output).not.toContain(FIX);
});
