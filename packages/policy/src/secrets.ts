import { type Evaluation, type EvaluateOptions, unsetSecret } from "@acme/sst-offline";

/**
 * The value a secret with no value gets for the check. No rule reads a secret's value; a secret
 * left unset in production is caught by the deploy (`sst secret set`), not by the policy.
 */
export const SECRET_STAND_IN = "shipyard-policy-stand-in";

type Evaluate = (options: EvaluateOptions) => Promise<Evaluation>;

/**
 * Evaluates the service in each stage (in parallel). A stage that fails only because a secret has
 * no value (templates give secrets no placeholder in production, so a deploy without
 * `sst secret set` fails) is evaluated again with a stand-in value for each such secret, one
 * stage at a time, since the values go through this process's environment.
 */
export async function evaluateStages(
  appDir: string,
  stages: readonly string[],
  evaluate: Evaluate,
): Promise<Evaluation[]> {
  const first = await Promise.allSettled(stages.map((stage) => evaluate({ appDir, stage })));
  const evaluations: Evaluation[] = [];
  for (const [index, result] of first.entries()) {
    if (result.status === "fulfilled") evaluations.push(result.value);
    else if (unsetSecret(result.reason) === undefined) throw result.reason;
    else evaluations.push(await evaluateWithStandIns(appDir, stages[index] as string, evaluate));
  }
  return evaluations;
}

async function evaluateWithStandIns(
  appDir: string,
  stage: string,
  evaluate: Evaluate,
): Promise<Evaluation> {
  const standIns = new Set<string>();
  for (;;) {
    try {
      return await withSecrets(standIns, () => evaluate({ appDir, stage }));
    } catch (error) {
      const name = unsetSecret(error);
      // A secret still missing with its stand-in set is not ours to fix: report SST's error.
      if (name === undefined || standIns.has(name)) throw error;
      standIns.add(name);
    }
  }
}

/** Runs `task` with `SST_SECRET_<name>` set for each name that has no value, then restores. */
async function withSecrets<T>(names: ReadonlySet<string>, task: () => Promise<T>): Promise<T> {
  const added = [...names]
    .map((name) => `SST_SECRET_${name}`)
    .filter((key) => !(key in process.env));
  for (const key of added) process.env[key] = SECRET_STAND_IN;
  try {
    return await task();
  } finally {
    for (const key of added) delete process.env[key];
  }
}
