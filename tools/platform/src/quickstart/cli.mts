import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { layout, requireWorkspaceRoot } from "@acme/contract";
import { main as setup } from "../setup/cli.mjs";
import { DEFAULT_KIND, kindMismatch, QUICKSTART_USAGE, quickstartOptions } from "./options.mjs";
import { superviseNx } from "./supervise.mjs";

/**
 * `npm start`: the README's main job. Makes sure SST's platform is installed (`npm ci` installs
 * it), scaffolds an HTTP service `apps/hello` the first time, and runs it locally with `nx serve`
 * (no AWS, no internet). Ctrl-C stops everything it started.
 */
export async function main(argv: string[], cwd: string): Promise<void> {
  const root = requireWorkspaceRoot(cwd);
  const { name, kind } = parseOrExit(argv);
  const nx = join(root, "node_modules", ".bin", "nx");

  const installed = await setup({ cwd: root, argv: [], env: process.env, log: console.log });
  if (installed !== 0) process.exit(installed);

  const folder = join(root, layout.servicesDir, name);
  if (existsSync(folder)) {
    const mismatch = kindMismatch(name, kind, kindOf(folder));
    if (mismatch) {
      console.error(`✕ ${mismatch}`);
      process.exit(2);
    }
    console.log(`› apps/${name} exists: serving it.`);
  } else {
    scaffold(root, nx, name, kind ?? DEFAULT_KIND);
  }
  await serve(root, nx, name);
}

function parseOrExit(argv: string[]) {
  try {
    return quickstartOptions(argv);
  } catch (error) {
    console.error(`✕ ${(error as Error).message}\n${QUICKSTART_USAGE}`);
    return process.exit(2);
  }
}

/** The kind recorded in a service's package.json (`shipyard.answers.kind`), if it has one. */
function kindOf(folder: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    const kind = manifest?.shipyard?.answers?.kind;
    return typeof kind === "string" ? kind : undefined;
  } catch {
    return undefined;
  }
}

function scaffold(root: string, nx: string, name: string, kind: string): void {
  console.log(`› Scaffolding the ${kind} service apps/${name}...`);
  run(root, `apps/${name} was not created; the generator printed why above.`, nx, [
    "g",
    "@acme/platform:service",
    name,
    "--kind",
    kind,
    "--owner",
    "platform",
    "--description",
    `The ${name} example service.`,
    "--no-interactive",
    "--skipInstall",
  ]);
  // Records the new workspace package in package-lock.json; everything it needs is installed,
  // so this needs no network (npm's cache holds what `npm ci` fetched).
  run(
    root,
    `apps/${name} was created, but package-lock.json does not record it yet: run \`npm install\` (it needs the npm registry only if npm's cache lacks a package), then \`npm start\` again.`,
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"],
  );
}

/** Runs a step of the quick start; on failure says what state it left and what to do. */
function run(cwd: string, onFailure: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status === 0) return;
  console.error(`✕ ${[basename(command), ...args.slice(0, 2)].join(" ")} failed. ${onFailure}`);
  process.exit(result.status ?? 1);
}

async function serve(root: string, nx: string, name: string): Promise<void> {
  process.exit(await superviseNx(nx, ["serve", `@acme/${name}`, "--output-style=stream"], root));
}
