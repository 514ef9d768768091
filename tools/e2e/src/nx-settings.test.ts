import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { output, WorkspaceCopy } from "./workspace";

/**
 * The committed root `.env` (docs/adr/0014-plugins-in-the-nx-process.md) as a user's checkout
 * sees it: a copy of the workspace carries it, and Nx there loads its plugins in its own process,
 * with no setting anywhere else. Nx's performance log tells the two ways apart: an isolated
 * plugin is loaded through a `start-plugin-worker:<plugin>` step.
 */
describe("the workspace's Nx settings (.env)", () => {
  let workspace: WorkspaceCopy;
  beforeAll(() => {
    workspace = new WorkspaceCopy();
  });
  afterAll(() => workspace?.remove());

  /** `nx show projects` in the copy with Nx's performance log, `NX_ISOLATE_PLUGINS` as given. */
  function showProjects(isolatePlugins: string | undefined): string {
    const result = workspace.run(
      join(workspace.root, "node_modules", ".bin", "nx"),
      ["show", "projects"],
      {
        NX_PERF_LOGGING: "true",
        // Undefined leaves the variable out of the command's environment (the task running this
        // test has it from this workspace's own .env), so the copy's files decide.
        NX_ISOLATE_PLUGINS: isolatePlugins,
      },
    );
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toContain("@acme/orders");
    return result.stdout + result.stderr;
  }

  const platformPlugin = "Load Nx Plugin: ./tools/platform/nx-entry/node_modules/plugin.cjs";

  it("a copy carries the root .env, and Nx there loads the plugins in its own process", () => {
    expect(workspace.git("ls-files", ".env")).toBe(".env\n");
    const log = showProjects(undefined);
    expect(log).toContain(platformPlugin);
    expect(log).not.toContain("start-plugin-worker:");
  });

  it("the environment, or an ignored .env.local, turns isolation back on", () => {
    const isolated = showProjects("true");
    expect(isolated).toContain(platformPlugin);
    expect(isolated).toContain("start-plugin-worker:");

    writeFileSync(join(workspace.root, ".env.local"), "NX_ISOLATE_PLUGINS=true\n");
    expect(workspace.changes()).toEqual([]);
    expect(showProjects(undefined)).toContain("start-plugin-worker:");
  });

  it("git ignores every other .env file, where secrets and personal values go", () => {
    for (const file of [
      ".local.env",
      ".env.production",
      "apps/orders/.env",
      "apps/orders/.env.local",
    ])
      writeFileSync(join(workspace.root, file), "DATABASE_PASSWORD=hunter2\n");
    expect(workspace.changes()).toEqual([]);
    writeFileSync(join(workspace.root, ".env.example"), "DATABASE_PASSWORD=\n");
    expect(workspace.changes()).toEqual(["?? .env.example"]);
  });
});
