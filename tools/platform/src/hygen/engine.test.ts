import { execFileSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Tree } from "@nx/devkit";
import { createTree } from "@nx/devkit/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  applyActions,
  type RenderOptions,
  renderIntoTree,
  runShellActions,
  TemplateError,
} from "./engine";

const templates = join(__dirname, "__fixtures__", "templates");
const workspaceRoot = join(__dirname, "..", "..", "..", "..");
const hygenBin = join(workspaceRoot, "node_modules", ".bin", "hygen");

const demo = (variables: Record<string, unknown>, subaction?: string): RenderOptions => ({
  templates,
  generator: "demo",
  action: "new",
  variables,
  ...(subaction ? { subaction } : {}),
});

function filesOf(tree: Tree): Record<string, string> {
  const files: Record<string, string> = {};
  for (const change of tree.listChanges()) {
    if (change.type !== "DELETE" && change.path.startsWith("out/"))
      files[change.path] = change.content?.toString("utf8") ?? "";
  }
  return files;
}

function filesOnDisk(root: string, dir = root): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) Object.assign(files, filesOnDisk(root, path));
    else files[relative(root, path)] = readFileSync(path, "utf8");
  }
  return files;
}

describe("hygen engine on an Nx tree", () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTree();
  });

  it("gives each name its own plural (hygen's names, Names and h.inflection, remembered per word)", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hygen-plurals-"));
    try {
      mkdirSync(join(folder, "plural", "new"), { recursive: true });
      writeFileSync(
        join(folder, "plural", "new", "file.ejs.t"),
        '---\nto: out/<%= name %>.txt\n---\n<%= names %> <%= Names %> <%= h.inflection.pluralize("person") %> <%= h.inflection.pluralize("person", "persons") %>\n',
      );
      const options = (name: string): RenderOptions => ({
        templates: folder,
        generator: "plural",
        action: "new",
        variables: { name },
      });
      await renderIntoTree(tree, options("box"));
      await renderIntoTree(tree, options("person"));
      await renderIntoTree(tree, options("box-office"));
      expect(filesOf(tree)).toEqual({
        "out/box.txt": "boxes Boxes people persons\n",
        "out/person.txt": "people People people persons\n",
        "out/box-office.txt": "box-offices Box-offices people persons\n",
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("adds files at `to`, with hygen's locals (Name) and helpers (h.changeCase)", async () => {
    const result = await renderIntoTree(tree, demo({ name: "orders", kind: "http", owner: "pay" }));
    expect(tree.read("out/orders/hello.txt", "utf-8")).toBe("Hello Orders (orders), kind http.\n");
    expect(result.files.filter((file) => file.status === "added").map((file) => file.path)).toEqual(
      ["out/orders/hello.txt", "out/orders/http.txt", "out/orders/data.json", "out/OWNERS"],
    );
  });

  it("skips a template whose `to` renders empty", async () => {
    await renderIntoTree(tree, demo({ name: "orders", kind: "worker", owner: "pay" }));
    expect(tree.exists("out/orders/http.txt")).toBe(false);
    expect(tree.read("out/orders/worker.txt", "utf-8")).toBe("Only for workers.\n");
  });

  it("writes `<%- %>` output unescaped", async () => {
    await renderIntoTree(tree, demo({ name: "orders", kind: "http", owner: "pay" }));
    expect(JSON.parse(tree.read("out/orders/data.json", "utf-8") ?? "")).toEqual({
      name: "orders",
      tags: ["kind:http", "a&b <c>"],
    });
  });

  it("creates a file once with unless_exists and injects an entry once with skip_if", async () => {
    const owners = demo({ name: "orders", kind: "http", owner: "pay" }, "owners");
    const first = await renderIntoTree(tree, owners);
    expect(first.files.map((file) => file.status)).toEqual(["added", "injected", "injected"]);
    const once = tree.read("out/OWNERS", "utf-8");
    expect(once).toBe(
      "# Owners of each folder.\n# Generated entries follow.\n\n/out/orders/ @acme/pay\n",
    );

    const second = await renderIntoTree(tree, owners);
    expect(second.files.map((file) => file.status)).toEqual(["skipped", "unchanged", "unchanged"]);
    expect(tree.read("out/OWNERS", "utf-8")).toBe(once);

    await renderIntoTree(tree, demo({ name: "billing", kind: "http", owner: "fin" }, "owners"));
    expect(tree.read("out/OWNERS", "utf-8")).toBe(`${once}/out/billing/ @acme/fin\n`);
  });

  it("refuses to overwrite an existing file, and says how to fix the template", async () => {
    tree.write("out/orders/hello.txt", "mine");
    await expect(
      renderIntoTree(tree, demo({ name: "orders", kind: "http", owner: "pay" })),
    ).rejects.toThrow(TemplateError);
    await expect(
      renderIntoTree(tree, demo({ name: "orders", kind: "http", owner: "pay" })),
    ).rejects.toThrow(/out\/orders\/hello\.txt already exists.*force: true/);
    expect(tree.read("out/orders/hello.txt", "utf-8")).toBe("mine");
  });

  it("refuses to inject into a missing file", async () => {
    await expect(
      renderIntoTree(tree, demo({ name: "orders", kind: "http", owner: "pay" }, "owners-2")),
    ).rejects.toThrow(/injects into out\/OWNERS, which does not exist/);
  });

  it("defers `sh`: nothing runs while rendering; the command and body are returned", async () => {
    const root = mkdtempSync(join(tmpdir(), "hygen-sh-"));
    try {
      const result = await renderIntoTree(tree, {
        templates,
        generator: "shell",
        action: "new",
        variables: { name: "orders" },
      });
      expect(result.shell).toEqual([
        {
          command: "cat > out/orders/from-sh.txt",
          input: "piped to the command\n",
          ignoreExit: false,
          template: join(templates, "shell", "new", "run.ejs.t"),
        },
      ]);
      expect(filesOnDisk(root)).toEqual({});
      execFileSync("mkdir", ["-p", join(root, "out", "orders")]);
      runShellActions(result.shell, root);
      expect(readFileSync(join(root, "out/orders/from-sh.txt"), "utf8")).toBe(
        "piped to the command\n",
      );
      const [action] = result.shell;
      if (!action) throw new Error("no sh action");
      expect(() => runShellActions([{ ...action, command: "exit 3" }], root)).toThrow(
        /"exit 3" .* failed with exit code 3/,
      );
      runShellActions([{ ...action, command: "exit 3", ignoreExit: true }], root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("rejects a `to` outside the workspace", () => {
    expect(() =>
      applyActions(tree, [{ file: "t", attributes: { to: "../escape.txt" }, body: "" }], templates),
    ).toThrow(/outside the workspace/);
  });
});

describe("parity with the hygen CLI", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), "hygen-cli-"));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it.each([
    ["http", { name: "orders", kind: "http", owner: "payments" }],
    ["worker", { name: "emails", kind: "worker", owner: "growth" }],
  ])("writes byte-identical files (%s)", async (_kind, variables) => {
    execFileSync(
      hygenBin,
      ["demo", "new", ...Object.entries(variables).flatMap(([key, value]) => [`--${key}`, value])],
      { cwd, env: { ...process.env, HYGEN_TMPLS: templates }, stdio: "pipe" },
    );
    const tree = createTree();
    await renderIntoTree(tree, demo(variables));
    const fromCli = filesOnDisk(cwd);
    expect(Object.keys(fromCli).length).toBeGreaterThan(3);
    expect(filesOf(tree)).toEqual(fromCli);
  });
});
