import { execFileSync, type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

/** The workspace these tests run from. */
export const sourceWorkspace = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/**
 * A copy of the workspace's files (tracked and untracked, not ignored) in a temporary folder, as a
 * git repository with one commit, so a test can tell what a command changed. `node_modules` and the
 * shared SST platform install (`packages/infra/.sst`) are links to the source workspace's: they are
 * large and the commands under test only read them.
 */
export class WorkspaceCopy {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), "shipyard-e2e-"));
    const files = execFileSync(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      { cwd: sourceWorkspace, encoding: "utf8" },
    )
      .split("\0")
      .filter((file) => file && existsSync(join(sourceWorkspace, file)));
    const tar = spawnSync("tar", ["-cf", "-", "--null", "-T", "-"], {
      cwd: sourceWorkspace,
      input: files.join("\0"),
      maxBuffer: 1024 * 1024 * 512,
    });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    execFileSync("tar", ["-xf", "-"], { cwd: this.root, input: tar.stdout });

    symlinkSync(join(sourceWorkspace, "node_modules"), join(this.root, "node_modules"));
    mkdirSync(join(this.root, "packages", "infra"), { recursive: true });
    symlinkSync(
      join(sourceWorkspace, "packages", "infra", ".sst"),
      join(this.root, "packages", "infra", ".sst"),
    );
    this.git("init", "-q", "-b", "main");
    this.git("add", "-A");
    this.git("-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-qm", "copy");
  }

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
    this.git("add", "-A");
    this.git("-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "-qm", message);
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.root, encoding: "utf8" });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A command's output, for assertion messages. */
export function output(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}\n${result.stdout}\n${result.stderr}`;
}
