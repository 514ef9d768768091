import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The fields of a package.json that npm copies into the lockfile's entry for a workspace package. */
const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  "peerDependencies",
] as const;

type Manifest = Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>> & {
  workspaces?: string[];
};

interface Lockfile {
  packages?: Record<string, Manifest>;
}

/**
 * Whether package-lock.json records what every workspace package declares: the root and each
 * package under the root's `workspaces` folders. `npm ci` accepts a lockfile that misses a
 * workspace package's dependency on another workspace package, but the next `npm install` (which
 * the generators run) rewrites it, and the change lands in the team's next commit. Returns one
 * line per problem, each naming the package.json and the fix; empty when they agree.
 */
export function checkLockfile(workspace: string): string[] {
  const root = readJson<Manifest>(join(workspace, "package.json"));
  const lock = readJson<Lockfile>(join(workspace, "package-lock.json"));
  const entries = lock.packages ?? {};
  const problems: string[] = [];
  for (const path of ["", ...workspacePackages(workspace, root.workspaces ?? [])]) {
    const manifest = path === "" ? root : readJson<Manifest>(join(workspace, path, "package.json"));
    const file = path === "" ? "package.json" : `${path}/package.json`;
    const entry = entries[path];
    if (!entry) {
      problems.push(`package-lock.json has no entry for ${file}. ${FIX}`);
      continue;
    }
    for (const field of DEPENDENCY_FIELDS) {
      const differences = differencesOf(manifest[field] ?? {}, entry[field] ?? {});
      if (differences.length > 0) {
        problems.push(
          `package-lock.json does not record ${file}'s ${field} (${differences.join(", ")}). ${FIX}`,
        );
      }
    }
  }
  return problems;
}

const FIX = "Run npm install at the workspace root and commit package-lock.json.";

/** The folders under the root's `workspaces` entries (`<folder>/*`) that hold a package.json. */
function workspacePackages(workspace: string, patterns: string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*"))
      return existsSync(join(workspace, pattern, "package.json")) ? [pattern] : [];
    const folder = pattern.slice(0, -2);
    if (!existsSync(join(workspace, folder))) return [];
    return readdirSync(join(workspace, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${folder}/${entry.name}`)
      .filter((path) => existsSync(join(workspace, path, "package.json")))
      .sort();
  });
}

/** What differs between the declared and the recorded ranges, one phrase per dependency. */
function differencesOf(declared: Record<string, string>, recorded: Record<string, string>) {
  const names = [...new Set([...Object.keys(declared), ...Object.keys(recorded)])].sort();
  return names.flatMap((name) => {
    if (!(name in recorded)) return [`${name} is not recorded`];
    if (!(name in declared)) return [`${name} is recorded but not declared`];
    return declared[name] === recorded[name]
      ? []
      : [`${name}: declared ${declared[name]}, recorded ${recorded[name]}`];
  });
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
