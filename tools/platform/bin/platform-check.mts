/**
 * `shipyard-check` (the `platform-check` target of every service): the platform's rules about a
 * service's metadata. Each problem is printed with its fix; the exit code is 1 when there is any.
 *
 * 1. package.json records where the service came from (`shipyard`: template, version, answers);
 * 2. its Nx tags say what it is: `type:service`, `owner:<team>`, `kind:<kind>`, as answered;
 * 3. CODEOWNERS gives its folder to that team;
 * 4. sst-env.d.ts types exactly what the infra links (evaluated offline; skipped with --no-infra).
 *
 * Whether the infra keeps the platform's rules (trust, tags, retention...) is decided on the
 * evaluated resources by the `policy` target (@acme/policy), never from the config's text.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { layout, requireWorkspaceRoot } from "@acme/contract";

interface ServiceManifest {
  name?: string;
  nx?: { tags?: string[] };
  shipyard?: {
    template?: string;
    templateVersion?: string;
    answers?: { owner?: string; kind?: string };
  };
}

const readManifest = (serviceDir: string): ServiceManifest =>
  JSON.parse(readFileSync(join(serviceDir, "package.json"), "utf8"));

/** The problems of the service in `serviceDir` that need no infra evaluation. */
export function metadataProblems(serviceDir: string, workspaceRoot: string): string[] {
  const manifest = readManifest(serviceDir);
  const scope = String(manifest.name ?? "").match(/^@([^/]+)\//)?.[1] ?? "acme";
  const answers = manifest.shipyard?.answers;
  if (!manifest.shipyard?.template || !manifest.shipyard.templateVersion || !answers) {
    return [
      `package.json has no "shipyard" record (template, templateVersion, answers): it tells upgrades how the service was generated. Restore it from git history, or regenerate the service with nx g @${scope}/platform:service.`,
    ];
  }
  return [
    ...tagProblems(manifest.nx?.tags ?? [], answers),
    ...codeownersProblems(basename(serviceDir), `@${scope}/${answers.owner}`, workspaceRoot),
  ];
}

function tagProblems(tags: string[], answers: { owner?: string; kind?: string }): string[] {
  return ["type:service", `owner:${answers.owner}`, `kind:${answers.kind}`]
    .filter((tag) => !tags.includes(tag))
    .map(
      (tag) =>
        `package.json "nx.tags" lacks "${tag}" (it has ${JSON.stringify(tags)}). Add it: tags are how the platform and module-boundary rules know what the service is and who owns it.`,
    );
}

function codeownersProblems(name: string, team: string, workspaceRoot: string): string[] {
  const owners = join(workspaceRoot, layout.codeowners);
  const entry = `/${layout.servicesDir}/${name}/ ${team}`;
  const lines = existsSync(owners) ? readFileSync(owners, "utf8").split("\n") : [];
  if (lines.some((line) => line.trim() === entry)) return [];
  return [
    `CODEOWNERS has no line "${entry}". Add it, so that the owning team reviews every change.`,
  ];
}

/** The problem with sst-env.d.ts, if any: it must be what the evaluated infra links. */
export async function linkTypesProblem(serviceDir: string): Promise<string | undefined> {
  const { evaluate, renderLinkTypes } = await import("@acme/sst-offline");
  const expected = renderLinkTypes(await evaluate({ appDir: serviceDir }));
  const file = join(serviceDir, "sst-env.d.ts");
  const actual = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (actual === expected) return undefined;
  const project = readManifest(serviceDir).name ?? basename(serviceDir);
  return `sst-env.d.ts ${actual === undefined ? "is missing" : "does not match what the infra links"}. Run: npx nx link-types ${project} (or npx sst-offline types in ${layout.servicesDir}/${basename(serviceDir)}).`;
}

/** `shipyard-check` in the current folder; returns the exit code. */
export async function main(argv: string[], serviceDir = process.cwd()): Promise<number> {
  // Nx passes on whatever follows the target (`nx platform-check orders --stage x`): an option
  // this check does not take must not pass silently, as if it had been applied.
  const unknown = argv.find((arg) => arg !== "--no-infra");
  if (unknown !== undefined) {
    console.error(
      `✕ shipyard-check: Unknown ${unknown.startsWith("-") ? "option" : "argument"} '${unknown}'. It takes only --no-infra (skip the link-types check).`,
    );
    return 2;
  }
  if (!existsSync(join(serviceDir, "sst.config.ts"))) {
    console.error(`✕ ${serviceDir} is not a service folder (no sst.config.ts).`);
    return 2;
  }
  const problems = metadataProblems(serviceDir, requireWorkspaceRoot(serviceDir));
  if (!argv.includes("--no-infra")) {
    const problem = await linkTypesProblem(serviceDir).catch(
      (error: Error) => `The infra does not evaluate: ${error.message}`,
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
