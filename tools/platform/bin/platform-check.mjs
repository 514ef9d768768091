#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-check` (the `platform-check` target of every service): the platform's rules for a
 * service folder. Each problem is printed with its fix; the exit code is 1 when there is any.
 *
 * 1. package.json records where the service came from (`shipyard`: template, version, answers);
 * 2. its Nx tags say what it is: `type:service`, `owner:<team>`, `kind:<kind>`, as answered;
 * 3. CODEOWNERS gives its folder to that team;
 * 4. sst.config.ts applies the platform's conventions;
 * 5. sst-env.d.ts types exactly what the infra links (evaluated offline; skipped with --no-infra).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findWorkspaceRoot } from "./sst-install.mjs";

/**
 * The problems of the service in `serviceDir` that need no infra evaluation.
 * @param {string} serviceDir
 * @param {string} workspaceRoot
 * @returns {string[]}
 */
export function metadataProblems(serviceDir, workspaceRoot) {
  const name = basename(serviceDir);
  const problems = [];
  const manifest = JSON.parse(readFileSync(join(serviceDir, "package.json"), "utf8"));
  const scope = String(manifest.name ?? "").match(/^@([^/]+)\//)?.[1] ?? "acme";
  const provenance = manifest.shipyard;
  const answers = provenance?.answers;
  if (!provenance?.template || !provenance?.templateVersion || !answers) {
    problems.push(
      `package.json has no "shipyard" record (template, templateVersion, answers): it tells upgrades how the service was generated. Restore it from git history, or regenerate the service with nx g @${scope}/platform:service.`,
    );
    return problems;
  }
  const tags = /** @type {string[]} */ (manifest.nx?.tags ?? []);
  for (const tag of ["type:service", `owner:${answers.owner}`, `kind:${answers.kind}`]) {
    if (!tags.includes(tag)) {
      problems.push(
        `package.json "nx.tags" lacks "${tag}" (it has ${JSON.stringify(tags)}). Add it: tags are how the platform and module-boundary rules know what the service is and who owns it.`,
      );
    }
  }
  const owners = join(workspaceRoot, "CODEOWNERS");
  const entry = `/apps/${name}/ @${scope}/${answers.owner}`;
  const lines = existsSync(owners) ? readFileSync(owners, "utf8").split("\n") : [];
  if (!lines.some((line) => line.trim() === entry)) {
    problems.push(
      `CODEOWNERS has no line "${entry}". Add it, so that the owning team reviews every change.`,
    );
  }
  const config = readFileSync(join(serviceDir, "sst.config.ts"), "utf8");
  if (!/applyConventions\(\s*\{/.test(config)) {
    problems.push(
      `sst.config.ts does not call applyConventions from @${scope}/infra in run(). Call it first, before the service's infra loads: the platform's defaults (runtime, tags, retention, trust policy) depend on it.`,
    );
  }
  return problems;
}

/**
 * The problem with sst-env.d.ts, if any: it must be what the evaluated infra links.
 * @param {string} serviceDir
 * @returns {Promise<string | undefined>}
 */
export async function linkTypesProblem(serviceDir) {
  // @acme/sst-offline exports TypeScript source: load it through tsx, as the bins of @acme/local do.
  const { tsImport } = await import("tsx/esm/api");
  /** @type {typeof import("@acme/sst-offline")} */
  const { evaluate, renderLinkTypes } = await tsImport("@acme/sst-offline", import.meta.url);
  const expected = renderLinkTypes(await evaluate({ appDir: serviceDir }));
  const file = join(serviceDir, "sst-env.d.ts");
  const actual = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (actual === expected) return undefined;
  return `sst-env.d.ts ${actual === undefined ? "is missing" : "does not match what the infra links"}. Run: npx nx link-types <service> (or npx sst-offline types in apps/${basename(serviceDir)}).`;
}

async function main() {
  const serviceDir = process.cwd();
  if (!existsSync(join(serviceDir, "sst.config.ts"))) {
    console.error(`✕ ${serviceDir} is not a service folder (no sst.config.ts).`);
    return 2;
  }
  const problems = metadataProblems(serviceDir, findWorkspaceRoot(serviceDir));
  if (!process.argv.includes("--no-infra")) {
    const problem = await linkTypesProblem(serviceDir).catch(
      (error) => `The infra does not evaluate: ${error.message}`,
    );
    if (problem) problems.push(problem);
  }
  const name = basename(serviceDir);
  if (problems.length === 0) {
    console.log(`✓ ${name} follows the platform's rules.`);
    return 0;
  }
  console.error(`✕ ${name}: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  - ${problem}`);
  return 1;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => {
    process.exitCode = code;
  });
}
