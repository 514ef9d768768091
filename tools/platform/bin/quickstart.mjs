#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: the README's main job. Installs SST's platform (offline), scaffolds an HTTP service
 * `apps/hello` the first time, and runs it locally with `nx serve` (no AWS, no internet).
 * Ctrl-C stops everything it started.
 *
 * Options: --name <service> (default hello), --kind http|worker|cron (default http).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findWorkspaceRoot, main as sstInstall } from "./sst-install.mjs";

/** @param {string[]} argv */
export function quickstartOptions(argv) {
  /** @type {(flag: string, fallback: string) => string} */
  const value = (flag, fallback) => {
    const at = argv.indexOf(flag);
    return (at >= 0 ? argv[at + 1] : undefined) ?? fallback;
  };
  return { name: value("--name", "hello"), kind: value("--kind", "http") };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main() {
  const root = findWorkspaceRoot(process.cwd());
  const { name, kind } = quickstartOptions(process.argv.slice(2));
  const bin = (/** @type {string} */ tool) => join(root, "node_modules", ".bin", tool);

  const installed = sstInstall({
    cwd: root,
    argv: [],
    env: process.env,
    log: (line) => console.log(line),
  });
  if (installed !== 0) process.exit(installed);

  if (existsSync(join(root, "apps", name))) {
    console.log(`› apps/${name} exists: serving it.`);
  } else {
    console.log(`› Scaffolding the ${kind} service apps/${name}...`);
    run(
      bin("nx"),
      [
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
      ],
      root,
    );
    // Records the new workspace package in package-lock.json; everything it needs is installed.
    run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], root);
  }

  const serve = spawn(bin("nx"), ["serve", `@acme/${name}`, "--output-style=stream"], {
    cwd: root,
    stdio: "inherit",
  });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.on(signal, () => serve.kill(signal));
  }
  serve.on("exit", (code) => process.exit(code ?? 0));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
