import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace these tests run from. */
export const sourceWorkspace = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "..",
);

/**
 * A copy of the workspace's files (tracked and untracked, not ignored) in a temporary folder, as a
 * git repository with one commit on `main`. Of the services it keeps only the template's examples
 * (generators/service/examples.json), so that what the tests see does not change when a team adds
 * services. `node_modules` and the shared SST platform install are links to the source
 * workspace's: large, and only read here.
 */
export class WorkspaceCopy {
  readonly root: string;

  constructor(prefix = "shipyard-ci-") {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    const files = execFileSync(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      {
        cwd: sourceWorkspace,
        encoding: "utf8",
      },
    )
      .split("\0")
      .filter((file) => file && existsSync(join(sourceWorkspace, file)) && keep(file));
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
    this.commitAll("copy");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, {
      cwd: this.root,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "ci",
        GIT_AUTHOR_EMAIL: "ci@example.com",
        GIT_COMMITTER_NAME: "ci",
        GIT_COMMITTER_EMAIL: "ci@example.com",
      },
    });
  }

  commitAll(message: string): string {
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  /** Runs the workspace's Nx in the copy, as a user would; throws with its output on failure. */
  nx(...args: string[]): string {
    const nx = join(this.root, "node_modules", ".bin", "nx");
    const result = spawnSync(nx, args, {
      cwd: this.root,
      encoding: "utf8",
      env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", FORCE_COLOR: "0" },
      maxBuffer: 1024 * 1024 * 64,
    });
    if (result.status !== 0)
      throw new Error(`nx ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const { examples } = JSON.parse(
  readFileSync(join(sourceWorkspace, "generators", "service", "examples.json"), "utf8"),
) as { examples: string[] };

/** Everything but the services that are not the template's examples. */
function keep(file: string): boolean {
  const service = /^apps\/([^/]+)\//.exec(file)?.[1];
  return service === undefined || examples.includes(service);
}
