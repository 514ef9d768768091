import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceModel } from "./model";
import { assertSecretsPresent, localSecretError, readSecrets, secretEnvironment } from "./secrets";

const dir = mkdtempSync(join(tmpdir(), "secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "secrets.json");

describe("local secrets", () => {
  it("reads .local/secrets.json and gives SST's Secret component its variables", () => {
    writeFileSync(file, JSON.stringify({ StripeKey: "sk_test_1" }));
    expect(secretEnvironment(readSecrets(file))).toEqual({ SST_SECRET_StripeKey: "sk_test_1" });
    expect(readSecrets(join(dir, "absent.json"))).toEqual({});
  });

  it("says what is wrong with the file without quoting it (it holds secrets)", () => {
    writeFileSync(file, '{ "StripeKey": "sk_live_very_secret", }');
    expect(() => readSecrets(file)).toThrow(/is not valid JSON: write it as/);
    try {
      readSecrets(file);
    } catch (error) {
      expect(String(error)).not.toContain("sk_live_very_secret");
    }
    writeFileSync(file, JSON.stringify({ Port: 5432 }));
    expect(() => readSecrets(file)).toThrow(/the value of Port must be a string/);
  });

  it("turns SST's `sst secret set` advice into the local file to fill", () => {
    const absent = join(dir, "absent", "secrets.json");
    const rewritten = localSecretError(
      new Error("Set a value for StripeKey with `sst secret set StripeKey <value>`"),
      absent,
    );
    expect(rewritten?.message).toContain(
      `No local value for the secret(s) StripeKey. Create ${absent} with { "StripeKey": "<value>" }`,
    );
    expect(localSecretError(new Error("something else"), file)).toBeUndefined();
  });

  it("stops serve when a linked secret has no value, and only then", () => {
    const model = {
      functions: [{ links: ["StripeKey"] }],
      links: [
        { name: "StripeKey", type: "sst.sst.Secret", properties: {} },
        { name: "Unlinked", type: "sst.sst.Secret", properties: {} },
      ],
    } as unknown as ServiceModel;
    writeFileSync(file, JSON.stringify({ Other: "x" }));
    expect(() => assertSecretsPresent(model, {}, file)).toThrow(
      `StripeKey. Add "StripeKey": "<value>" to the object in ${file} (`,
    );
    expect(() => assertSecretsPresent(model, { StripeKey: "x" }, file)).not.toThrow();
  });
});
