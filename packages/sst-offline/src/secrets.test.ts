import { describe, expect, it } from "vitest";
import { unsetSecret } from "./secrets.js";

describe("unsetSecret", () => {
  it("names the secret in SST's SecretMissingError, and nothing in other errors", () => {
    expect(
      unsetSecret(new Error("Set a value for ApiKey with `sst secret set ApiKey <value>`")),
    ).toBe("ApiKey");
    expect(unsetSecret(new Error("Handler not found"))).toBeUndefined();
  });
});
