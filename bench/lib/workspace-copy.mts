/**
 * A temporary copy of the workspace for the benchmarks that grow it with generated services:
 * tracked and untracked files, node_modules linked (`@acme/*` to the copy's own packages), the
 * shared SST platform linked.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { copyWorkspace } from "@acme/workspace-copy";
import { generateServices } from "./services.mts";
import { runCommand } from "./time.mts";

/** The example services the workspace holds (apps/orders, apps/notifications, apps/billing-report). */
export const EXAMPLES = 3;
const GENERATED_PREFIX = "scale-";

/**
 * A copy of the workspace: tracked and untracked files, node_modules of its own (@acme/* and the
 * bins to the copy's packages), the shared SST platform linked, `git init` without a commit.
 * With `ref`, the files of that git commit instead (to measure a change against what it replaced,
 * in one run), with the same node_modules, or with `install`, its own: `npm ci` and `npm run
 * setup` in the copy, as that version's README says (a version whose dependencies differ from
 * this one's: the version issue 12 measured).
 */
export function createCopy(
  prefix = "shipyard-bench-scaling-",
  ref?: string,
  { install = false } = {},
): string {
  if (!install) return copyWorkspace({ prefix, ref, nodeModules: "own" });
  const copy = copyWorkspace({ prefix, ref, nodeModules: "none" });
  runCommand("npm", ["ci", "--no-audit", "--no-fund"], { cwd: copy });
  runCommand("npm", ["run", "setup"], { cwd: copy });
  return copy;
}

/** Adds http services until the copy holds `count`, and links them to the shared platform. */
export function growTo(copy: string, count: number) {
  const existing = readdirSync(join(copy, "apps")).filter((name) =>
    name.startsWith(GENERATED_PREFIX),
  ).length;
  const wanted = count - EXAMPLES;
  if (wanted > existing) {
    generateServices(
      copy,
      Array.from({ length: wanted - existing }, (_, offset) => ({
        name: `${GENERATED_PREFIX}${existing + offset}`,
        kind: "http" as const,
        owner: "payments",
        skipInstall: true,
      })),
    );
  }
  runCommand(process.execPath, ["tools/platform/bin/sst-install.mjs"], { cwd: copy });
}

/** The name of the `index`th generated service (the same in every copy, whatever its version). */
export function generatedName(index: number): string {
  return `${GENERATED_PREFIX}${index}`;
}

/**
 * Adds http services until the copy holds `count`, each with that copy's own `nx g
 * @acme/platform:service` (one Nx process per service, as a user adds one), then runs its set-up
 * (`npm run setup`: links every service to the shared platform). Unlike {@link growTo}, this works
 * in a copy of any version (its generator is not imported). `--skipInstall`: the new workspace
 * package is not `npm install`ed (the services' checks do not import one another).
 */
export function growWithNxGenerate(copy: string, count: number) {
  const existing = readdirSync(join(copy, "apps")).filter((name) =>
    name.startsWith(GENERATED_PREFIX),
  ).length;
  const nx = join(copy, "node_modules", ".bin", "nx");
  const env = { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" };
  for (let index = existing; index < count - EXAMPLES; index++) {
    const options = ["--kind", "http", "--owner", "payments", "--skipInstall", "--no-interactive"];
    runCommand(nx, ["g", "@acme/platform:service", generatedName(index), ...options], {
      cwd: copy,
      env,
    });
  }
  runCommand("npm", ["run", "setup"], { cwd: copy });
}

/** The Nx project names of the copy's services: the `name` of each `apps/<service>/package.json`. */
export function serviceProjects(copy: string): string[] {
  return readdirSync(join(copy, "apps"))
    .filter((service) => existsSync(join(copy, "apps", service, "package.json")))
    .map(
      (service) =>
        (
          JSON.parse(readFileSync(join(copy, "apps", service, "package.json"), "utf8")) as {
            name: string;
          }
        ).name,
    );
}

/**
 * The targets the copy's own `npm test` runs: the `-t` list of the `nx run-many` in its
 * package.json's `test` script (space- or comma-separated), e.g. lint,format-check,typecheck,...
 */
export function npmTestTargets(copy: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as {
    scripts?: { test?: string };
  };
  const words = (scripts?.test ?? "").split(/\s+/);
  const start = words.indexOf("-t") + 1;
  if (words[0] !== "nx" || words[1] !== "run-many" || start === 0) {
    throw new Error(
      `${copy}/package.json: the test script is not "nx run-many -t ...": ${scripts?.test}`,
    );
  }
  const end = words.findIndex((word, index) => index >= start && word.startsWith("-"));
  return words
    .slice(start, end === -1 ? undefined : end)
    .flatMap((word) => word.split(","))
    .filter(Boolean);
}
