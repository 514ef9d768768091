import { cpSync, existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { output, WorkspaceCopy } from "./workspace";

/**
 * A platform engineer's release, end to end, in a git copy of the workspace: services generated at
 * the current template version, then edited by their teams in every way a team does; the templates
 * changed in every way (a file added, changed, deleted and renamed, an answer added) and the
 * version bumped and archived; then `nx g @acme/platform:upgrade --all`, checked file by file, and
 * every target of every service run through Nx.
 */
const services = [
  { name: "ledger", kind: "http", options: ["--database", "postgres"] },
  { name: "mailer", kind: "worker", options: [] },
  { name: "nightly", kind: "cron", options: ["--schedule", "cron(0 3 * * ? *)"] },
  { name: "sweeper", kind: "cron", options: [] },
] as const;

const TEAM = {
  // An edit of a line the template also changes: the one expected conflict.
  appLimit: "  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(300)),",
  // An edit elsewhere in the same file (a line of the app's doc comment).
  appStore:
    " * The ledger's double-entry API for payments. Every route must also be listed in infra/index.ts (`routes`), and",
  readme: "The ledger HTTP API: double-entry bookkeeping for payments.",
  infraTest: `
  it("has one database", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Postgres")).toHaveLength(1);
  });
});
`,
  jobTest: `
  it("starts at the given time", async () => {
    const logger = createLogger({ service: "nightly", write: () => {} });
    const now = new Date("2026-02-01T03:00:00.000Z");
    expect((await runJob(now, logger)).startedAt).toBe("2026-02-01T03:00:00.000Z");
  });
});
`,
  ownFile: 'export const currency = "EUR";\n',
};

describe("nx g @acme/platform:upgrade, end to end", () => {
  let workspace: WorkspaceCopy;
  const path = (file: string) => join(workspace.root, file);
  const read = (file: string) => readFileSync(path(file), "utf8");
  const write = (file: string, content: string) => writeFileSync(path(file), content);
  const edit = (file: string, from: string | RegExp, to: string) => {
    const before = read(file);
    const after = before.replace(from, to);
    if (after === before) throw new Error(`${file}: ${String(from)} not found`);
    write(file, after);
  };
  const commit = (message: string) => workspace.commit(message);
  let version: string;

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    version = JSON.parse(read("generators/service/template.json")).version;
    for (const service of services) {
      const result = workspace.nx(
        "g",
        "@acme/platform:service",
        service.name,
        "--kind",
        service.kind,
        "--owner",
        "payments",
        ...service.options,
        "--no-interactive",
        "--skipInstall",
      );
      if (result.status !== 0) throw new Error(output(result));
    }
    commit("services generated");

    // The teams' edits.
    edit("apps/ledger/src/app.ts", /^.*v\.maxLength\(200\)\),$/m, TEAM.appLimit);
    edit("apps/ledger/src/app.ts", /^ \* The ledger HTTP API\. Every route.*$/m, TEAM.appStore);
    edit("apps/ledger/README.md", "The ledger HTTP API.", TEAM.readme);
    edit("apps/ledger/infra/infra.test.ts", /\n\}\);\n$/, TEAM.infraTest);
    write("apps/ledger/src/currency.ts", TEAM.ownFile);
    unlinkSync(path("apps/mailer/src/consumer.test.ts"));
    edit("apps/nightly/src/job.test.ts", /\n\}\);\n$/, TEAM.jobTest);
    commit("team edits");

    // The platform engineer's template change, version bump and archive.
    const templates = "generators/service/new";
    edit(`${templates}/http-app.ts.ejs.t`, "v.maxLength(200)", "v.maxLength(500)");
    edit(
      `${templates}/README.md.ejs.t`,
      /^(- `nx infra <%= name %>`.*)$/m,
      "$1\n- `nx build <%= name %>`: bundle the handlers as SST would, into `dist/`",
    );
    unlinkSync(path(`${templates}/cron-job.test.ts.ejs.t`));
    edit(`${templates}/infra-test.ts.ejs.t`, "infra/infra.test.ts", "infra/index.test.ts");
    edit(
      `${templates}/README.md.ejs.t`,
      "`infra/infra.test.ts`: those",
      "`infra/index.test.ts`: those",
    );
    write(
      `${templates}/operations.md.ejs.t`,
      "---\nto: apps/<%= name %>/docs/operations.md\n---\n# Operating <%= name %>\n\nOn call: <%= oncall %>.\n",
    );
    const config = JSON.parse(read("generators/service/template.json"));
    write(
      "generators/service/template.json",
      `${JSON.stringify({ ...config, version: "9.0.0", answerDefaults: { oncall: "the owning team" } }, null, 2)}\n`,
    );
    cpSync(path(templates), path("generators/service/versions/9.0.0"), { recursive: true });
    commit("service template 9.0.0");
  });
  afterAll(() => workspace?.remove());

  it("stops on a service whose base version is missing, and writes nothing", () => {
    edit(
      "apps/sweeper/package.json",
      `"templateVersion": "${version}"`,
      '"templateVersion": "0.0.1"',
    );
    const result = workspace.nx("g", "@acme/platform:upgrade", "--all", "--no-interactive");
    expect(result.status, output(result)).not.toBe(0);
    expect(output(result)).toMatch(
      /Template version 0\.0\.1 is not in generators\/service\/versions\//,
    );
    expect(workspace.changes()).toEqual([" M apps/sweeper/package.json"]);
    workspace.git("checkout", "--", "apps/sweeper/package.json");
  });

  it("--dry-run that would leave a conflict fails, naming the file and the fix, and writes nothing", () => {
    const result = workspace.nx(
      "g",
      "@acme/platform:upgrade",
      "--all",
      "--dry-run",
      "--no-interactive",
    );
    expect(result.status, output(result)).toBe(1);
    expect(result.stdout).toContain("conflict apps/ledger/src/app.ts");
    expect(output(result)).toMatch(
      /would leave conflicts in 1 file \(--dry-run: nothing was written\):\s+apps\/ledger\/src\/app\.ts\s+To upgrade anyway, run it without --dry-run[\s\S]*<<<<<<< yours[\s\S]*npx nx g @acme\/platform:upgrade --projects ledger/,
    );
    expect(workspace.changes()).toEqual([]);
  });

  let dryRun: string[];
  it("--dry-run of the services that upgrade cleanly prints the report and the changes, exits 0, and writes nothing", () => {
    // Every service but ledger: the ones generated here and the workspace's examples.
    const clean = readdirSync(path("apps")).filter((name) => name !== "ledger");
    expect(clean).toEqual(expect.arrayContaining(["mailer", "nightly", "sweeper"]));
    const result = workspace.nx(
      "g",
      "@acme/platform:upgrade",
      "--projects",
      clean.join(","),
      "--dry-run",
      "--no-interactive",
    );
    expect(result.status, output(result)).toBe(0);
    expect(output(result)).not.toMatch(/conflict/);
    dryRun = [...result.stdout.matchAll(/^(CREATE|UPDATE|DELETE) (\S+)/gm)]
      .map((m) => m[2] as string)
      .sort();
    expect(dryRun.length).toBeGreaterThan(10);
    expect(workspace.changes()).toEqual([]);
  });

  it("upgrades every service, fails (exit 1) naming the one conflict, and writes what --dry-run listed", () => {
    const result = workspace.nx("g", "@acme/platform:upgrade", "--all", "--no-interactive");
    expect(result.status, output(result)).toBe(1);
    expect(output(result)).toMatch(/conflicts in 1 file:\s+apps\/ledger\/src\/app\.ts/);
    const conflicts = output(result).match(/^\s+conflict\s+\S+/gm) ?? [];
    expect(conflicts.map((line) => line.trim())).toEqual(["conflict apps/ledger/src/app.ts"]);
    const written = workspace
      .changes()
      .map((line) => line.slice(3))
      .sort();
    expect(written.filter((file) => !file.startsWith("apps/ledger/"))).toEqual(dryRun);
    expect(written).toContain("apps/ledger/src/app.ts");
  });

  it("keeps every team edit", () => {
    const app = read("apps/ledger/src/app.ts");
    expect(app).toContain(`${TEAM.appStore}\n`);
    expect(read("apps/ledger/README.md")).toContain(TEAM.readme);
    expect(read("apps/ledger/infra/index.test.ts")).toContain(TEAM.infraTest);
    expect(read("apps/ledger/src/currency.ts")).toBe(TEAM.ownFile);
    expect(existsSync(path("apps/mailer/src/consumer.test.ts"))).toBe(false);
    expect(read("apps/nightly/src/job.test.ts")).toContain(TEAM.jobTest);
  });

  it("brings every template change", () => {
    for (const { name } of services) {
      expect(read(`apps/${name}/README.md`)).toContain(
        `- \`nx build ${name}\`: bundle the handlers`,
      );
      expect(read(`apps/${name}/docs/operations.md`)).toBe(
        `# Operating ${name}\n\nOn call: the owning team.\n`,
      );
      expect(existsSync(path(`apps/${name}/infra/infra.test.ts`))).toBe(false);
      expect(existsSync(path(`apps/${name}/infra/index.test.ts`))).toBe(true);
      expect(JSON.parse(read(`apps/${name}/package.json`)).shipyard.answers.oncall).toBe(
        "the owning team",
      );
    }
    expect(existsSync(path("apps/sweeper/src/job.test.ts"))).toBe(false);
  });

  it("marks exactly the overlapping edit, and keeps ledger's provenance until it is resolved", () => {
    expect(read("apps/ledger/src/app.ts")).toContain(
      [
        "<<<<<<< yours",
        TEAM.appLimit,
        `||||||| template ${version}`,
        "  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),",
        "=======",
        "  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),",
        ">>>>>>> template 9.0.0",
      ].join("\n"),
    );
    const ledger = JSON.parse(read("apps/ledger/package.json")).shipyard;
    expect(ledger).toMatchObject({ templateVersion: version, upgradingTo: "9.0.0" });
    for (const name of ["mailer", "nightly", "sweeper"]) {
      expect(JSON.parse(read(`apps/${name}/package.json`)).shipyard.templateVersion).toBe("9.0.0");
    }
    const check = workspace.nx("run-many", "-t", "template-check", "--output-style=static");
    expect(check.status, output(check)).not.toBe(0);
    expect(output(check)).toMatch(/apps\/ledger\/src\/app\.ts still holds conflict markers/);
    const failed = output(check).split("Failed tasks:")[1] ?? "";
    expect(failed.match(/- @acme\/\S+:template-check/g)).toEqual(["- @acme/ledger:template-check"]);
  });

  it("finishes once the conflict is resolved, and every service passes every target", () => {
    edit(
      "apps/ledger/src/app.ts",
      /<<<<<<< yours\n[\s\S]*?>>>>>>> template 9\.0\.0\n/,
      `${TEAM.appLimit}\n`,
    );
    const finish = workspace.nx(
      "g",
      "@acme/platform:upgrade",
      "--projects",
      "ledger",
      "--no-interactive",
    );
    expect(finish.status, output(finish)).toBe(0);
    expect(JSON.parse(read("apps/ledger/package.json")).shipyard).not.toHaveProperty("upgradingTo");
    expect(JSON.parse(read("apps/ledger/package.json")).shipyard.templateVersion).toBe("9.0.0");

    const projects = services.map((service) => `@acme/${service.name}`).join(",");
    const targets = [
      "typecheck",
      "lint",
      "format-check",
      "test",
      "infra",
      "build",
      "platform-check",
      "policy",
      "template-check",
    ];
    const run = workspace.nx("run-many", "-t", ...targets, "-p", projects, "--output-style=static");
    expect(run.status, output(run)).toBe(0);
  });
});
