import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pathForUser } from "./user-path";

const workspace = join(import.meta.dirname, "..", "..", "..");
const secrets = join(workspace, "apps", "orders", ".local", "secrets.json");

describe("pathForUser", () => {
  it("names a file from the folder the user ran the command in (INIT_CWD)", () => {
    expect(pathForUser(secrets, { INIT_CWD: workspace })).toBe("apps/orders/.local/secrets.json");
    expect(pathForUser(secrets, { INIT_CWD: join(workspace, "apps", "orders") })).toBe(
      ".local/secrets.json",
    );
  });

  it("else from the workspace root, whatever this process's own folder is", () => {
    expect(pathForUser(secrets, {})).toBe("apps/orders/.local/secrets.json");
    expect(pathForUser(secrets, { INIT_CWD: "/somewhere/else" })).toBe(
      "apps/orders/.local/secrets.json",
    );
  });

  it("else in full", () => {
    expect(pathForUser("/no/workspace/here/secrets.json", {})).toBe(
      "/no/workspace/here/secrets.json",
    );
  });
});
