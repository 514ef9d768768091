import type { Tree } from "@nx/devkit";
import { createTreeWithEmptyWorkspace } from "@nx/devkit/testing";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { hygenInjector } from "../../hygen/hygen";
import { checkTemplate } from "../../upgrade/check";
import { TemplateRenderer } from "../../upgrade/render-version";
import type { ServiceAnswers } from "../service/validate";
import { serviceVariables } from "../service/variables";
import { upgradeGenerator } from "./generator";

/**
 * The upgrade on Nx's virtual tree, with small templates written for the test: version 1.0.0, what
 * a service generated from it looks like after a team's edits, and version 1.1.0 with a change of
 * every kind. Each case of the three-way merge is checked file by file.
 */
const fm = (to: string, extra = "") => `---\nto: ${to}\n${extra}---\n`;
const at = (file: string) => `apps/<%= name %>/${file}`;
const numbered = (changes: Record<number, string> = {}) =>
  `${Array.from({ length: 12 }, (_, i) => changes[i + 1] ?? `line ${i + 1}`).join("\n")}\n`;

const common = {
  "package.json.ejs.t": `${fm(at("package.json"))}<%- JSON.stringify({ name: packageName, private: true, dependencies: { [\`@\${org}/runtime\`]: "*", valibot: VALIBOT }, nx: { tags: ["type:service", \`owner:\${owner}\`] }, shipyard: { template: "service", templateVersion, answers } }, null, 2) %>\n`,
  "sst.config.ts.ejs.t": `${fm(at("sst.config.ts"))}export default $config({});\n`,
  "codeowners-1-create.ejs.t": `${fm("CODEOWNERS", "unless_exists: true\n")}# Code owners\n`,
};
const v1: Record<string, string> = {
  ...common,
  "package.json.ejs.t": common["package.json.ejs.t"].replace("VALIBOT", '"1.5.0"'),
  "codeowners-2-entry.ejs.t": `${fm("CODEOWNERS", "inject: true\nappend: true\neof_last: false\nskip_if: '(?:^|\\n)/apps/<%= name %>/\\s'\n")}/apps/<%= name %>/ @<%= org %>/<%= owner %>\n`,
  "notes.md.ejs.t": `${fm(at("notes.md"))}${numbered()}`,
  "empty.txt.ejs.t": fm(at("empty.txt")),
  "no-newline.txt.ejs.t": `${fm(at("no-newline.txt"))}one\ntwo\nthree\nfour\nlast<%- "" -%>`,
  "crlf.txt.ejs.t": `${fm(at("crlf.txt"))}${numbered()}`,
  "code.ts.ejs.t": `${fm(at("src/old-name.ts"))}export const x = 1;\n// a\n// b\n// c\n// d\n`,
  "removed.txt.ejs.t": `${fm(at("removed.txt"))}the template drops this\n`,
  "removed-edited.txt.ejs.t": `${fm(at("removed-edited.txt"))}the template drops this too\n`,
  "team-deleted.txt.ejs.t": `${fm(at("team-deleted.txt"))}v1\n`,
  "asset.bin.ejs.t": `${fm(at("asset.bin"))}PNG<%- "\\u0000" %>v1`,
};
const v2: Record<string, string> = {
  ...common,
  "package.json.ejs.t": common["package.json.ejs.t"].replace("VALIBOT", '"1.6.0"'),
  "codeowners-2-entry.ejs.t": (v1["codeowners-2-entry.ejs.t"] as string).replace(
    "@<%= org %>/<%= owner %>\n",
    "@<%= org %>/<%= owner %> @<%= org %>/platform\n",
  ),
  "notes.md.ejs.t": `${fm(at("notes.md"))}${numbered({ 3: "line 3 (v2)", 9: "line 9 (v2)" })}`,
  "empty.txt.ejs.t": `${fm(at("empty.txt"))}now filled\n`,
  "no-newline.txt.ejs.t": `${fm(at("no-newline.txt"))}one\ntwo\nthree\nfour\nlast (v2)<%- "" -%>`,
  "crlf.txt.ejs.t": `${fm(at("crlf.txt"))}${numbered({ 11: "line 11 (v2)" })}`,
  "code.ts.ejs.t": `${fm(at("src/new-name.ts"))}export const x = 1;\n// a\n// b\n// c\n// d (v2)\n`,
  "team-deleted.txt.ejs.t": `${fm(at("team-deleted.txt"))}v2\n`,
  "asset.bin.ejs.t": `${fm(at("asset.bin"))}PNG<%- "\\u0000" %>v2`,
  "added.txt.ejs.t": `${fm(at("added.txt"))}new in 1.1.0\n`,
  "added-clash.txt.ejs.t": `${fm(at("added-clash.txt"))}the template's\n`,
  "tier.txt.ejs.t": `${fm(at("tier.txt"))}tier: <%= tier %>\n`,
};

let tree: Tree;

function writeWorkspace(answerDefaults: Record<string, unknown> = { tier: "standard" }) {
  tree = createTreeWithEmptyWorkspace();
  tree.write("package.json", JSON.stringify({ name: "@acme/source", workspaces: ["apps/*"] }));
  tree.write(
    "generators/service/template.json",
    JSON.stringify({
      id: "service",
      version: "1.1.0",
      answerDefaults,
      upgradePolicy: { allowedLag: "patch" },
    }),
  );
  for (const [version, files] of Object.entries({ "1.0.0": v1, "1.1.0": v2 })) {
    for (const [file, body] of Object.entries(files)) {
      tree.write(`generators/service/versions/${version}/${file}`, body);
    }
  }
}

const answersOf = (name: string, owner: string): ServiceAnswers & Record<string, unknown> => ({
  name,
  kind: "http",
  owner,
  description: `The ${name} service.`,
  database: "none",
  bucket: false,
});

/** What `nx g @acme/platform:service` would write at `version`, through the same renderer. */
async function generate(
  version: string,
  answers: Record<string, unknown>,
  target = tree,
  org = "acme",
) {
  const renderer = new TemplateRenderer(target);
  try {
    const rendered = await renderer.render(version, {
      ...answers,
      ...serviceVariables(answers as unknown as ServiceAnswers, org, version),
      answers,
    });
    for (const file of rendered.files) target.write(file.path, file.content);
    for (const file of rendered.createdIfMissing) {
      if (!target.exists(file.path)) target.write(file.path, file.content);
    }
    for (const injection of rendered.injections) {
      target.write(
        injection.path,
        hygenInjector(injection.action, target.read(injection.path, "utf-8") ?? ""),
      );
    }
  } finally {
    renderer.dispose();
  }
}

const read = (path: string) => tree.read(path, "utf-8");
const json = (path: string) => JSON.parse(read(path) ?? "null");

/** The edits a team makes to apps/orders after generating it, one of each kind. */
function teamEdits() {
  tree.write("apps/orders/notes.md", numbered({ 5: "line 5 (team)", 9: "line 9 (team)" }));
  tree.write("apps/orders/no-newline.txt", "one (team)\ntwo\nthree\nfour\nlast");
  tree.write("apps/orders/crlf.txt", numbered({ 2: "line 2 (team)" }).replace(/\n/g, "\r\n"));
  tree.write("apps/orders/src/old-name.ts", "export const x = 1;\n// a (team)\n// b\n// c\n// d\n");
  tree.write("apps/orders/removed-edited.txt", "the template drops this too, but we use it\n");
  tree.delete("apps/orders/team-deleted.txt");
  tree.write("apps/orders/added-clash.txt", "ours, made before the template had it\n");
  tree.write("apps/orders/asset.bin", Buffer.from("PNG\u0000team"));
  tree.write("apps/orders/src/team.ts", "export const teamCode = true;\n");
  const manifest = json("apps/orders/package.json");
  manifest.dependencies.pg = "8.13.0";
  manifest.nx.tags.push("team:checkout");
  tree.write("apps/orders/package.json", `${JSON.stringify(manifest, null, 2)}\n`);
  tree.write(
    "CODEOWNERS",
    (read("CODEOWNERS") ?? "").replace(
      "/apps/orders/ @acme/payments",
      "/apps/orders/ @acme/payments @acme/sre",
    ),
  );
}

describe("nx g @acme/platform:upgrade", () => {
  beforeEach(async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    writeWorkspace();
    await generate("1.0.0", answersOf("orders", "payments"));
    await generate("1.0.0", answersOf("mailer", "growth"));
    tree.write("CODEOWNERS", `${read("CODEOWNERS")}/docs/ @acme/writers\n`);
    teamEdits();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it("makes an unedited service exactly what the new version renders", async () => {
    await upgradeGenerator(tree, { projects: "mailer" });
    const fresh = createTreeWithEmptyWorkspace();
    for (const [path] of Object.entries(v2))
      fresh.write(`generators/service/versions/1.1.0/${path}`, v2[path] as string);
    await generate("1.1.0", { ...answersOf("mailer", "growth"), tier: "standard" }, fresh);
    const files = (t: Tree) =>
      t
        .children("apps/mailer")
        .flatMap((name) =>
          t.isFile(`apps/mailer/${name}`)
            ? [name]
            : t.children(`apps/mailer/${name}`).map((child) => `${name}/${child}`),
        );
    expect(files(tree).sort()).toEqual(files(fresh).sort());
    for (const file of files(fresh)) {
      expect(tree.read(`apps/mailer/${file}`), file).toEqual(fresh.read(`apps/mailer/${file}`));
    }
    expect(read("CODEOWNERS")).toContain("/apps/mailer/ @acme/growth @acme/platform\n");
    expect(json("apps/mailer/package.json").shipyard.answers.tier).toBe("standard");
    expect(checkTemplate(tree, "apps/mailer", "acme").problems).toEqual([]);
  });

  describe("a service with team edits of every kind", () => {
    let callback: () => unknown;
    beforeEach(async () => {
      callback = (await upgradeGenerator(tree, { projects: "orders" })) as () => unknown;
    });

    it("takes template-only changes and keeps team-only changes in the same file", () => {
      const notes = read("apps/orders/notes.md") ?? "";
      expect(notes).toContain("line 3 (v2)\n");
      expect(notes).toContain("line 5 (team)\n");
    });

    it("marks the lines both changed, with yours, the base and the template's", () => {
      expect(read("apps/orders/notes.md")).toContain(
        "<<<<<<< yours\nline 9 (team)\n||||||| template 1.0.0\nline 9\n=======\nline 9 (v2)\n>>>>>>> template 1.1.0\n",
      );
    });

    it("fills an empty file, merges a file without a final newline, and a CRLF checkout", () => {
      expect(read("apps/orders/empty.txt")).toBe("now filled\n");
      expect(read("apps/orders/no-newline.txt")).toBe("one (team)\ntwo\nthree\nfour\nlast (v2)");
      expect(read("apps/orders/crlf.txt")).toBe(
        numbered({ 2: "line 2 (team)", 11: "line 11 (v2)" }).replace(/\n/g, "\r\n"),
      );
    });

    it("moves a renamed template file with the team's edit in it", () => {
      expect(tree.exists("apps/orders/src/old-name.ts")).toBe(false);
      expect(read("apps/orders/src/new-name.ts")).toBe(
        "export const x = 1;\n// a (team)\n// b\n// c\n// d (v2)\n",
      );
    });

    it("deletes what the template dropped unless the team changed it", () => {
      expect(tree.exists("apps/orders/removed.txt")).toBe(false);
      expect(read("apps/orders/removed-edited.txt")).toBe(
        "the template drops this too, but we use it\n",
      );
    });

    it("leaves a file the team deleted deleted, and the team's own files alone", () => {
      expect(tree.exists("apps/orders/team-deleted.txt")).toBe(false);
      expect(read("apps/orders/src/team.ts")).toBe("export const teamCode = true;\n");
    });

    it("adds new template files, and marks one where the team already had a file of that name", () => {
      expect(read("apps/orders/added.txt")).toBe("new in 1.1.0\n");
      expect(read("apps/orders/added-clash.txt")).toBe(
        "<<<<<<< yours\nours, made before the template had it\n||||||| template 1.0.0\n=======\nthe template's\n>>>>>>> template 1.1.0\n",
      );
    });

    it("keeps the team's binary file when both changed it", () => {
      expect(read("apps/orders/asset.bin")).toBe("PNG\u0000team");
    });

    it("merges package.json by key and records the new answer's default", () => {
      const manifest = json("apps/orders/package.json");
      expect(manifest.dependencies).toEqual({
        "@acme/runtime": "*",
        valibot: "1.6.0",
        pg: "8.13.0",
      });
      expect(manifest.nx.tags).toEqual(["type:service", "owner:payments", "team:checkout"]);
      expect(manifest.shipyard.answers.tier).toBe("standard");
      expect(read("apps/orders/tier.txt")).toBe("tier: standard\n");
    });

    it("keeps the old version in provenance while conflicts remain, and fails", () => {
      const manifest = json("apps/orders/package.json");
      expect(manifest.shipyard.templateVersion).toBe("1.0.0");
      expect(manifest.shipyard.upgradingTo).toBe("1.1.0");
      expect(() => callback()).toThrow(
        /conflicts in 4 files:[\s\S]*apps\/orders\/notes\.md[\s\S]*CODEOWNERS/,
      );
      expect(checkTemplate(tree, "apps/orders", "acme").problems.join("\n")).toMatch(
        /notes\.md still holds conflict markers/,
      );
    });

    it("marks the CODEOWNERS line both changed, and touches no other line", () => {
      const owners = read("CODEOWNERS") ?? "";
      expect(owners).toContain(
        "<<<<<<< yours\n/apps/orders/ @acme/payments @acme/sre\n||||||| template 1.0.0\n/apps/orders/ @acme/payments\n=======\n/apps/orders/ @acme/payments @acme/platform\n>>>>>>> template 1.1.0\n",
      );
      expect(owners).toContain("/apps/mailer/ @acme/growth\n/docs/ @acme/writers\n");
    });

    it("records the new version once the conflicts are resolved and the upgrade runs again", async () => {
      const resolve = (path: string, keep: string) =>
        tree.write(
          path,
          (read(path) ?? "").replace(/<<<<<<< yours\n[\s\S]*?>>>>>>> template 1\.1\.0\n/, keep),
        );
      await upgradeGenerator(tree, { projects: "orders" });
      expect(json("apps/orders/package.json").shipyard.templateVersion).toBe("1.0.0");

      resolve("apps/orders/notes.md", "line 9 (team and v2)\n");
      resolve("apps/orders/added-clash.txt", "merged by hand\n");
      resolve("CODEOWNERS", "/apps/orders/ @acme/payments @acme/sre @acme/platform\n");
      expect(checkTemplate(tree, "apps/orders", "acme").problems.join("\n")).toMatch(
        /not finished/,
      );
      const finish = await upgradeGenerator(tree, { projects: "orders" });
      expect(() => finish()).not.toThrow();
      const manifest = json("apps/orders/package.json");
      expect(manifest.shipyard.templateVersion).toBe("1.1.0");
      expect(manifest.shipyard.upgradingTo).toBeUndefined();
      expect(read("apps/orders/notes.md")).toContain("line 9 (team and v2)\n");
      expect(checkTemplate(tree, "apps/orders", "acme").problems).toEqual([]);
    });
  });

  describe("with --dry-run (Nx sets NX_DRY_RUN)", () => {
    beforeEach(() => {
      vi.stubEnv("NX_DRY_RUN", "true");
    });

    it("fails before Nx writes anything, naming each file that would conflict and the fix", async () => {
      const info = vi.mocked(console.info);
      const failure = upgradeGenerator(tree, { projects: "orders" });
      await expect(failure).rejects.toThrow(
        /^The upgrade would leave conflicts in 4 files \(--dry-run: nothing was written\):\n[\s\S]* {2}apps\/orders\/notes\.md\n[\s\S]*CODEOWNERS\nTo upgrade anyway, run it without --dry-run[\s\S]*<<<<<<< yours[\s\S]*npx nx g @acme\/platform:upgrade --projects orders\n/,
      );
      // The per-file report is printed first, as in a real run.
      expect(info.mock.calls.flat().join("\n")).toMatch(
        /^ {2}conflict apps\/orders\/notes\.md \(1 conflicting change, marked\)$/m,
      );
    });

    it("fails while markers an earlier run wrote are unresolved", async () => {
      vi.stubEnv("NX_DRY_RUN", "false");
      await upgradeGenerator(tree, { projects: "orders" });
      vi.stubEnv("NX_DRY_RUN", "true");
      await expect(upgradeGenerator(tree, { projects: "orders" })).rejects.toThrow(
        /^The upgrade would leave conflicts in 3 files \(--dry-run: nothing was written\):\n[\s\S]*apps\/orders\/notes\.md\n/,
      );
    });

    it("succeeds for a service that would upgrade cleanly", async () => {
      const done = await upgradeGenerator(tree, { projects: "mailer" });
      expect(() => done()).not.toThrow();
    });
  });

  it('is a real run when NX_DRY_RUN is "false": the generator returns, its callback fails', async () => {
    vi.stubEnv("NX_DRY_RUN", "false");
    const done = await upgradeGenerator(tree, { projects: "orders" });
    expect(() => done()).toThrow(/^The upgrade left conflicts in 4 files:\n/);
  });

  it("marks a package.json key both sides changed, and nothing else", async () => {
    const manifest = json("apps/mailer/package.json");
    manifest.dependencies.valibot = "1.5.1";
    tree.write("apps/mailer/package.json", `${JSON.stringify(manifest, null, 2)}\n`);
    await upgradeGenerator(tree, { projects: "mailer" });
    const text = read("apps/mailer/package.json") ?? "";
    expect(text).toContain(
      '<<<<<<< yours\n    "valibot": "1.5.1"\n||||||| template 1.0.0\n    "valibot": "1.5.0"\n=======\n    "valibot": "1.6.0"\n>>>>>>> template 1.1.0\n',
    );
    expect(text.match(/<<<<<<</g)).toHaveLength(1);
    expect(text).toContain('"upgradingTo": "1.1.0"');
  });
});

it("works after the workspace's scope was renamed: the archive renders with the current scope", async () => {
  vi.spyOn(console, "info").mockImplementation(() => {});
  writeWorkspace();
  tree.write("package.json", JSON.stringify({ name: "@globex/source", workspaces: ["apps/*"] }));
  await generate("1.0.0", answersOf("orders", "payments"), tree, "globex");
  tree.write("apps/orders/notes.md", numbered({ 5: "line 5 (team)" }));
  const done = await upgradeGenerator(tree, { all: true });
  expect(() => done()).not.toThrow();
  const manifest = json("apps/orders/package.json");
  expect(manifest.name).toBe("@globex/orders");
  expect(manifest.dependencies).toEqual({ "@globex/runtime": "*", valibot: "1.6.0" });
  expect(manifest.shipyard.templateVersion).toBe("1.1.0");
  expect(read("apps/orders/notes.md")).toBe(
    numbered({ 3: "line 3 (v2)", 5: "line 5 (team)", 9: "line 9 (v2)" }),
  );
  expect(read("CODEOWNERS")).toContain("/apps/orders/ @globex/payments @globex/platform\n");
  vi.restoreAllMocks();
});

describe("nx g @acme/platform:upgrade refuses, with the fix, before writing anything", () => {
  beforeEach(() => {
    vi.spyOn(console, "info").mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it("a service whose answers lack what the new version asks, with no default", async () => {
    writeWorkspace({});
    await generate("1.0.0", answersOf("orders", "payments"));
    await expect(upgradeGenerator(tree, { all: true })).rejects.toThrow(
      /uses "tier", which the service's recorded answers .* lack\. Give it a default in generators\/service\/template\.json "answerDefaults"/,
    );
  });

  it("a service generated by a version that is not archived", async () => {
    writeWorkspace();
    await generate("1.0.0", answersOf("orders", "payments"));
    const manifest = json("apps/orders/package.json");
    manifest.shipyard.templateVersion = "0.9.0";
    tree.write("apps/orders/package.json", JSON.stringify(manifest));
    await expect(upgradeGenerator(tree, { all: true })).rejects.toThrow(
      /Template version 0\.9\.0 is not in generators\/service\/versions\/ \(it has 1\.0\.0, 1\.1\.0\).*Restore/,
    );
  });

  it("a service with no provenance", async () => {
    writeWorkspace();
    await generate("1.0.0", answersOf("orders", "payments"));
    const { shipyard: _, ...manifest } = json("apps/orders/package.json");
    tree.write("apps/orders/package.json", JSON.stringify(manifest));
    await expect(upgradeGenerator(tree, { projects: "orders" })).rejects.toThrow(
      /has no "shipyard" record.*Restore it from git history/,
    );
  });

  it("an unknown service, no selection, or a version that does not exist", async () => {
    writeWorkspace();
    await generate("1.0.0", answersOf("orders", "payments"));
    await expect(upgradeGenerator(tree, { projects: "nope" })).rejects.toThrow(
      /"nope" is not a service \(services: orders\)/,
    );
    await expect(upgradeGenerator(tree, {})).rejects.toThrow(/--projects <a,b> .* or --all/);
    await expect(upgradeGenerator(tree, { all: true, to: "2.0.0" })).rejects.toThrow(
      /2\.0\.0 is not in/,
    );
  });

  it("a --to that is not a version, without advice to copy the templates there", async () => {
    writeWorkspace();
    await generate("1.0.0", answersOf("orders", "payments"));
    for (const to of ["../../x", "latest", "1.0"]) {
      await expect(upgradeGenerator(tree, { all: true, to })).rejects.toThrow(
        `--to "${to}" is not a template version: use one of generators/service/versions/ (1.0.0, 1.1.0), e.g. --to 1.1.0.`,
      );
    }
  });
});
