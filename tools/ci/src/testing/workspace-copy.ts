import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { commitAll, copyWorkspace, removeCopy } from "@acme/workspace-copy";

/** The workspace these tests run from. */
export { sourceWorkspace } from "@acme/workspace-copy";

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
    this.root = copyWorkspace({
      prefix,
      services: "examples",
      commit: { message: "copy", author: "ci" },
    });
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
    return commitAll(this.root, message, "ci", { allowEmpty: true });
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
    removeCopy(this.root);
  }
}
