import { execFileSync } from "node:child_process";

/** One path that differs between two commits, as `git diff --name-status` reports it. */
export interface FileChange {
  path: string;
  /** A added, M modified, D deleted (renames are split into D + A). */
  status: "A" | "M" | "D";
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
    throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${stderr || String(error)}`);
  }
}

/** The commit a pull request branched from: what `nx affected` compares against. */
export function mergeBase(cwd: string, base: string, head: string): string {
  return git(cwd, ["merge-base", base, head]).trim();
}

/** The full commit id of a revision, with a clear error when it is not in the clone. */
export function resolveCommit(cwd: string, revision: string): string {
  try {
    return execFileSync("git", ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], {
      cwd,
      encoding: "utf8",
    }).trim();
  } catch {
    throw new Error(
      `"${revision}" is not a commit in ${cwd}. Fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin ${revision}).`,
    );
  }
}

/** What changed from `from` to `to`; renames count as a deletion and an addition. */
export function changedFiles(cwd: string, from: string, to: string): FileChange[] {
  const out = git(cwd, ["diff", "--name-status", "--no-renames", "-z", from, to]);
  const fields = out.split("\0").filter((field) => field !== "");
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = (fields[i] as string).charAt(0);
    changes.push({
      path: fields[i + 1] as string,
      status: status === "A" || status === "D" ? status : "M",
    });
  }
  return changes;
}

/** A file as it was at a commit, or undefined when it did not exist there. */
export function fileAt(cwd: string, commit: string, path: string): string | undefined {
  try {
    return execFileSync("git", ["show", `${commit}:${path}`], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}
