import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { commitAll, copyWorkspace, removeCopy } from "@acme/workspace-copy";

/** The workspace these tests run from. */
export { sourceWorkspace } from "@acme/workspace-copy";

/**
 * A copy of the workspace's files (tracked and untracked, not ignored) in a temporary folder, as a
 * git repository with one commit, so a test can tell what a command changed. `node_modules` and the
 * shared SST platform install (`packages/infra/.sst`) are links to the source workspace's: they are
 * large and the commands under test only read them.
 */
export class WorkspaceCopy {
  readonly root = copyWorkspace({
    prefix: "shipyard-e2e-",
    commit: { message: "copy", author: "e2e" },
  });

  /** Runs a command in the copy, the way a user would from its root; output without colours. */
  run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
    const result = spawnSync(command, args, {
      cwd: this.root,
      encoding: "utf8",
      env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", FORCE_COLOR: "0", ...env },
      maxBuffer: 1024 * 1024 * 64,
    });
    return {
      ...result,
      stdout: stripVTControlCharacters(result.stdout ?? ""),
      stderr: stripVTControlCharacters(result.stderr ?? ""),
    };
  }

  nx(...args: string[]): SpawnSyncReturns<string> {
    return this.run(join(this.root, "node_modules", ".bin", "nx"), args);
  }

  /** What changed since the copy was made, as `git status --porcelain` lines. */
  changes(): string[] {
    return this.git("status", "--porcelain", "--untracked-files=all").split("\n").filter(Boolean);
  }

  /** Commits everything, so that `changes()` shows what the next command writes. */
  commit(message: string): void {
    commitAll(this.root, message, "e2e");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.root, encoding: "utf8" });
  }

  remove(): void {
    removeCopy(this.root);
  }
}

/** A command's output, for assertion messages. */
export function output(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}\n${result.stdout}\n${result.stderr}`;
}
