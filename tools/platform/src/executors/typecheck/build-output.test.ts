import { describe, expect, it } from "vitest";
import { outputByProject } from "./build-output";

describe("outputByProject", () => {
  it("gives each project of a `tsc -b --verbose` output its own diagnostics", () => {
    const output = [
      "01:18:04 PM - Projects in this build: ",
      "    * apps/a/tsconfig.json",
      "    * apps/b/tsconfig.json",
      "",
      "01:18:04 PM - Project 'apps/a/tsconfig.json' is being forcibly rebuilt",
      "",
      "01:18:04 PM - Building project 'apps/a/tsconfig.json'...",
      "",
      "01:18:04 PM - Project 'apps/b/tsconfig.json' is being forcibly rebuilt",
      "",
      "01:18:04 PM - Building project '/abs/apps/b/tsconfig.json'...",
      "",
      "apps/b/src/app.ts(38,14): error TS2322: Type 'string' is not assignable to type 'number'.",
      "",
    ].join("\n");
    const sections = outputByProject(output, "/ws");
    expect([...sections.keys()]).toEqual(["/ws/apps/a/tsconfig.json", "/abs/apps/b/tsconfig.json"]);
    expect(sections.get("/ws/apps/a/tsconfig.json")).toBe("");
    expect(sections.get("/abs/apps/b/tsconfig.json")).toBe(
      "apps/b/src/app.ts(38,14): error TS2322: Type 'string' is not assignable to type 'number'.\n",
    );
  });

  it("leaves out a project it never saw being built", () => {
    expect(outputByProject("error TS5083: Cannot read file 'x'.\n", "/ws").size).toBe(0);
  });
});
