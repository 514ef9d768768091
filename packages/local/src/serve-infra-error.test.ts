import { readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, startServe } from "./__fixtures__/serve-process";

const fixture = copyFixture("infra-worker");
afterAll(() => fixture.remove());
const workspace = join(import.meta.dirname, "..", "..", "..");

describe("serve: infra that does not evaluate", () => {
  it("says so once, with the service's name and the file, line and column from where the user is", async () => {
    const config = join(fixture.dir, "sst.config.ts");
    const source = readFileSync(config, "utf8");
    const broken = source.replace('new sst.Secret("ApiToken");', 'new sst.Secret("ApiToken";');
    expect(broken).not.toBe(source);
    writeFileSync(config, broken);
    const lines = broken.split("\n");
    const index = lines.findIndex((text) => text.includes('("ApiToken";'));
    // esbuild's columns count from 0: the `;` where `)` should be.
    const at = `${index + 1}:${lines[index]?.indexOf('";') + 1}`;
    const shown = relative(workspace, config);
    // As `npx nx serve` from the workspace root runs it: with the user's folder in INIT_CWD.
    const failure = await startServe(fixture.dir, ["--from", "infra"], {
      env: { INIT_CWD: workspace },
    }).catch((error: Error) => error.message);
    expect(failure).toContain(
      `shipyard-serve: The infra of ${basename(fixture.dir)} (${shown}) did not evaluate:\n${shown}:${at}: Expected ")" but found ";"\n`,
    );
    expect(failure).not.toMatch(/service was stopped/i);
  }, 60_000);
});
