/**
 * Services as `nx g @acme/platform:service` generates them, made by the platform's own generator
 * and hygen engine, so that a benchmark's service cannot drift from the templates: rendered into
 * memory ({@link renderService}), or generated into a copy of the workspace
 * ({@link generateServices}).
 */
import { fileURLToPath } from "node:url";
import { FsTree } from "nx/src/generators/tree";
import { serviceGenerator } from "../../tools/platform/src/generators/service/generator.ts";
import type { ServiceGeneratorSchema } from "../../tools/platform/src/generators/service/schema";
import { runCommand } from "./time.mts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GENERATE_SERVICES = fileURLToPath(new URL("generate-services.mts", import.meta.url));

/**
 * The files of a new service `options.name`, by path inside its folder (`sst.config.ts`,
 * `infra/index.ts`, ...). The generator runs on a tree over this workspace that is never
 * flushed; its callback (npm install, the templates' shell actions) is not run.
 */
export async function renderService(
  options: Omit<ServiceGeneratorSchema, "skipInstall">,
): Promise<Record<string, string>> {
  const tree = new FsTree(ROOT, false);
  await serviceGenerator(tree, { ...options, skipInstall: true });
  const folder = `apps/${options.name}/`;
  const files: Record<string, string> = {};
  for (const change of tree.listChanges()) {
    if (change.type === "DELETE" || !change.path.startsWith(folder) || !change.content) continue;
    files[change.path.slice(folder.length)] = change.content.toString("utf8");
  }
  return files;
}

/**
 * Generates services into the workspace at `root` (a copy made by a benchmark) with that
 * workspace's service generator, in one child process: N `serviceGenerator()` calls on one Nx
 * tree, one flush (not N `nx g` processes). Pass `skipInstall: true` and run
 * `npm install --package-lock-only` after it for the lockfile `nx g` would write.
 */
export function generateServices(root: string, services: ServiceGeneratorSchema[]): void {
  runCommand(
    process.execPath,
    ["--import", "tsx", GENERATE_SERVICES, root, JSON.stringify(services)],
    { cwd: root, env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" } },
  );
}
