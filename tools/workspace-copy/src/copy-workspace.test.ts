import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CopyOptions, commitAll, copyWorkspace, removeCopy } from "./copy-workspace.js";

/**
 * A small workspace made for these tests (not the real one, so that each case is exact): tracked,
 * untracked, ignored and deleted files, two services of which one is the template's example, a
 * workspace package `@acme/a` with a bin, and a shared SST platform install.
 */
function makeSource(name: string): string {
  const root = mkdtempSync(join(tmpdir(), `workspace-copy-test-${name}-`));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write("package.json", JSON.stringify({ name: "@acme/source", workspaces: ["packages/*"] }));
  write("nx.json", JSON.stringify({ plugins: ["@acme/platform"], cacheDirectory: ".nx/cache" }));
  write(".gitignore", "node_modules/\n.sst/\nignored.txt\n");
  write("generators/service/examples.json", JSON.stringify({ examples: ["orders"] }));
  write("apps/orders/index.ts", "orders\n");
  write("apps/extra/index.ts", "extra\n");
  write("apps/README.md", "services\n");
  write("packages/a/package.json", JSON.stringify({ name: "@acme/a", bin: { a: "bin.js" } }));
  write("packages/a/bin.js", "a\n");
  write("version.txt", "committed\n");
  write("deleted.txt", "deleted\n");
  write("node_modules/dep/index.js", "dep\n");
  write("node_modules/@acme/not-a-link/package.json", "{}");
  symlinkSync("../../packages/a", join(root, "node_modules/@acme/a"));
  mkdirSync(join(root, "node_modules/.bin"));
  symlinkSync("../@acme/a/bin.js", join(root, "node_modules/.bin/a"));
  write("packages/infra/.sst/platform/marker", "platform\n");
  gitIn(root, "init", "-q", "-b", "main");
  gitIn(root, "add", "-A");
  gitIn(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one");
  write("version.txt", "working\n");
  write("untracked.txt", "untracked\n");
  write("ignored.txt", "ignored\n");
  rmSync(join(root, "deleted.txt"));
  return root;
}

function gitIn(cwd: string, ...args: string[]) {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

let source: string;
let otherSource: string;
const copies: string[] = [];
// This run's own, so that another run's leftovers cannot fail (or hide) the failure tests.
const PREFIX = `workspace-copy-test-copy-${process.pid}-`;

function copy(options: Partial<CopyOptions> = {}): string {
  const root = copyWorkspace({ prefix: PREFIX, from: source, ...options });
  copies.push(root);
  return root;
}

const read = (root: string, path: string) => readFileSync(join(root, path), "utf8");
const exists = (root: string, path: string) => existsSync(join(root, path));
const isLink = (root: string, path: string) => lstatSync(join(root, path)).isSymbolicLink();
const real = (path: string) => realpathSync(path);

beforeAll(() => {
  source = makeSource("source");
  otherSource = makeSource("other");
});
afterEach(() => {
  for (const root of copies.splice(0)) removeCopy(root);
});
afterAll(() => {
  rmSync(source, { recursive: true, force: true });
  rmSync(otherSource, { recursive: true, force: true });
});

describe("the files", () => {
  it("are the working files git does not ignore, tracked or not, without deleted ones", () => {
    const root = copy();
    expect(read(root, "version.txt")).toBe("working\n");
    expect(read(root, "untracked.txt")).toBe("untracked\n");
    expect(exists(root, "ignored.txt")).toBe(false);
    expect(exists(root, "deleted.txt")).toBe(false);
    expect(exists(root, "apps/extra/index.ts")).toBe(true);
  });

  it("are a commit's with `ref`", () => {
    const root = copy({ ref: "HEAD" });
    expect(read(root, "version.txt")).toBe("committed\n");
    expect(read(root, "deleted.txt")).toBe("deleted\n");
    expect(exists(root, "untracked.txt")).toBe(false);
  });

  it("hold only the example services with `services: examples`", () => {
    const root = copy({ services: "examples" });
    expect(exists(root, "apps/orders/index.ts")).toBe(true);
    expect(exists(root, "apps/extra")).toBe(false);
    expect(exists(root, "apps/README.md")).toBe(true);
  });

  it("of an earlier copy leave out its links, which the new copy makes itself", () => {
    const first = copy();
    const second = copy({ from: first, modulesFrom: source });
    expect(readlinkSync(join(second, "node_modules"))).toBe(join(source, "node_modules"));
    expect(readlinkSync(join(second, "packages/infra/.sst"))).toBe(
      join(source, "packages/infra/.sst"),
    );
    expect(read(second, "untracked.txt")).toBe("untracked\n");
  });
});

describe("node_modules", () => {
  it("is one link to the source's by default", () => {
    const root = copy();
    expect(readlinkSync(join(root, "node_modules"))).toBe(join(source, "node_modules"));
  });

  it("links to `modulesFrom`'s, with its SST platform, when given", () => {
    const root = copy({ modulesFrom: otherSource });
    expect(readlinkSync(join(root, "node_modules"))).toBe(join(otherSource, "node_modules"));
    expect(readlinkSync(join(root, "packages/infra/.sst"))).toBe(
      join(otherSource, "packages/infra/.sst"),
    );
  });

  it("is the copy's own with `own`: workspace packages and bins resolve in the copy", () => {
    const root = copy({ nodeModules: "own" });
    expect(isLink(root, "node_modules")).toBe(false);
    expect(real(join(root, "node_modules/@acme/a"))).toBe(real(join(root, "packages/a")));
    expect(real(join(root, "node_modules/.bin/a"))).toBe(real(join(root, "packages/a/bin.js")));
    expect(real(join(root, "node_modules/dep"))).toBe(real(join(source, "node_modules/dep")));
    // Only the workspace's links are packages of the copy.
    expect(readdirSync(join(root, "node_modules/@acme"))).toEqual(["a"]);
  });

  it("keeps the source's bins with `own-with-source-bins`", () => {
    const root = copy({ nodeModules: "own-with-source-bins" });
    expect(readlinkSync(join(root, "node_modules/.bin"))).toBe(join(source, "node_modules/.bin"));
    expect(real(join(root, "node_modules/.bin/a"))).toBe(real(join(source, "packages/a/bin.js")));
    expect(real(join(root, "node_modules/@acme/a"))).toBe(real(join(root, "packages/a")));
  });
  it("is left to the caller with `none`, and so is the SST platform", () => {
    const root = copy({ nodeModules: "none" });
    expect(existsSync(join(root, "node_modules"))).toBe(false);
    expect(existsSync(join(root, "packages/infra/.sst"))).toBe(false);
    expect(read(root, "package.json")).toContain('"name"');
  });
});

describe("the shared SST platform", () => {
  it("is linked by default", () => {
    const root = copy();
    expect(readlinkSync(join(root, "packages/infra/.sst"))).toBe(
      join(source, "packages/infra/.sst"),
    );
    expect(read(root, "packages/infra/.sst/platform/marker")).toBe("platform\n");
  });

  it("is not linked with `sstPlatform: false`", () => {
    const root = copy({ sstPlatform: false });
    expect(existsSync(join(root, "packages/infra/.sst"))).toBe(false);
  });
});

describe("git, edits and the first commit", () => {
  it("is a repository on main without a commit unless asked", () => {
    const root = copy();
    expect(gitIn(root, "symbolic-ref", "HEAD").trim()).toBe("refs/heads/main");
    expect(spawnSync("git", ["rev-parse", "--verify", "HEAD"], { cwd: root }).status).not.toBe(0);
  });

  it("edits nx.json, runs `prepare`, then commits everything as the author", () => {
    const root = copy({
      editNxJson: (nxJson) => {
        nxJson.plugins = [];
      },
      prepare: (at) => writeFileSync(join(at, "prepared.txt"), "prepared\n"),
      commit: { message: "copy", author: "tester" },
    });
    expect(JSON.parse(read(root, "nx.json"))).toEqual({ plugins: [], cacheDirectory: ".nx/cache" });
    expect(gitIn(root, "log", "-1", "--format=%an <%ae> %s").trim()).toBe(
      "tester <tester@example.com> copy",
    );
    expect(gitIn(root, "status", "--porcelain")).toBe("");
    expect(gitIn(root, "show", "HEAD:prepared.txt")).toBe("prepared\n");
    expect(JSON.parse(gitIn(root, "show", "HEAD:nx.json")).plugins).toEqual([]);
  });
});

describe("commitAll", () => {
  it("commits what changed, and refuses an empty commit unless allowed", () => {
    const root = copy({ commit: { message: "copy", author: "tester" } });
    writeFileSync(join(root, "later.txt"), "later\n");
    const later = commitAll(root, "later", "tester");
    expect(gitIn(root, "show", "--name-only", "--format=%s", later).split("\n")).toEqual(
      expect.arrayContaining(["later", "later.txt"]),
    );
    expect(() => commitAll(root, "nothing", "tester")).toThrow(/nothing to commit/);
    const empty = commitAll(root, "nothing", "tester", { allowEmpty: true });
    expect(gitIn(root, "rev-parse", "HEAD~1").trim()).toBe(later);
    expect(empty).not.toBe(later);
  });
});

describe("a failure", () => {
  const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith(PREFIX));

  it("removes the half-made copy and says what failed", () => {
    expect(() => copy({ ref: "no-such-commit" })).toThrow(
      /git archive --format=tar no-such-commit/,
    );
    expect(leftovers()).toEqual([]);
  });

  it("names the options that cannot go together", () => {
    expect(() => copy({ ref: "HEAD", services: "examples" })).toThrow(/cannot be combined/);
    expect(leftovers()).toEqual([]);
  });
});
