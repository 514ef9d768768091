import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { watchedFolders } from "./watcher";

const root = join(import.meta.dirname, "..", "..", "..");

describe("watchedFolders", () => {
  it("watches the service's src and the source of the workspace packages it uses", () => {
    const folders = watchedFolders(join(root, "apps", "notifications"));
    expect(folders).toContain(join(root, "apps", "notifications", "src"));
    expect(folders).toContain(join(root, "packages", "runtime", "src"));
    // Packages it does not depend on, even transitively, are not watched.
    expect(folders).not.toContain(join(root, "packages", "local", "src"));
  });
});
