import type { Evaluation, EvaluateOptions } from "@acme/sst-offline";
import { describe, expect, it } from "vitest";
import { evaluateStages, SECRET_STAND_IN } from "./secrets";

/**
 * An evaluator that behaves as SST's `Secret` does: in production, a secret without
 * `SST_SECRET_<name>` throws SecretMissingError; elsewhere it has a placeholder.
 */
function fakeEvaluate(secrets: readonly string[]) {
  const seen: { stage: string; values: Record<string, string | undefined> }[] = [];
  const evaluate = async ({ stage = "dev" }: EvaluateOptions): Promise<Evaluation> => {
    const values = Object.fromEntries(
      secrets.map((name) => [name, process.env[`SST_SECRET_${name}`]]),
    );
    seen.push({ stage, values });
    const missing = secrets.find((name) => stage === "production" && values[name] === undefined);
    if (missing) {
      throw new Error(`Set a value for ${missing} with \`sst secret set ${missing} <value>\``);
    }
    return { app: { name: "shop", stage } } as Evaluation;
  };
  return { evaluate, seen };
}

describe("evaluateStages", () => {
  it("gives production's unset secrets a stand-in value, and leaves the environment as it was", async () => {
    const { evaluate, seen } = fakeEvaluate(["ApiKey", "Token"]);
    const evaluations = await evaluateStages("/apps/shop", ["dev", "production"], evaluate);
    expect(evaluations.map((evaluation) => evaluation.app.stage)).toEqual(["dev", "production"]);
    expect(seen.at(-1)).toEqual({
      stage: "production",
      values: { ApiKey: SECRET_STAND_IN, Token: SECRET_STAND_IN },
    });
    expect(process.env.SST_SECRET_ApiKey).toBeUndefined();
    expect(process.env.SST_SECRET_Token).toBeUndefined();
  });

  it("keeps a value the environment already has", async () => {
    const { evaluate, seen } = fakeEvaluate(["ApiKey", "Token"]);
    process.env.SST_SECRET_Token = "real";
    try {
      await evaluateStages("/apps/shop", ["production"], evaluate);
      expect(seen.at(-1)?.values).toEqual({ ApiKey: SECRET_STAND_IN, Token: "real" });
    } finally {
      delete process.env.SST_SECRET_Token;
    }
  });

  it("reports any other evaluation error as it is", async () => {
    const evaluate = async (): Promise<Evaluation> => {
      throw new Error("Handler not found: src/missing.handler");
    };
    await expect(evaluateStages("/apps/shop", ["dev"], evaluate)).rejects.toThrow(
      "Handler not found",
    );
  });
});
