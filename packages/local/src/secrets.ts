import { existsSync, readFileSync } from "node:fs";
import type { ServiceModel } from "./model";
import { pathForUser } from "./user-path";

/** The local values of `sst.Secret`s: `.local/secrets.json`, `{ "StripeKey": "sk_test_..." }`. */
export type LocalSecrets = Record<string, string>;

export function readSecrets(file: string): LocalSecrets {
  if (!existsSync(file)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // Not the parser's message: it quotes the file, which holds secrets.
    throw new Error(
      `${pathForUser(file)} is not valid JSON: write it as { "SecretName": "value" }.`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${pathForUser(file)} must be a JSON object: { "SecretName": "value" }.`);
  }
  const wrong = Object.entries(value).filter(([, v]) => typeof v !== "string");
  if (wrong.length > 0) {
    throw new Error(
      `${pathForUser(file)}: the value of ${wrong.map(([k]) => k).join(", ")} must be a string.`,
    );
  }
  return value as LocalSecrets;
}

/**
 * The variables SST's `Secret` component reads its value from while the infra is evaluated
 * (`SST_SECRET_<Name>`, which `sst secret set` provides on a deploy), so a service whose infra
 * declares secrets evaluates with the local values.
 */
export function secretEnvironment(secrets: LocalSecrets): Record<string, string> {
  return Object.fromEntries(
    Object.entries(secrets).map(([name, value]) => [`SST_SECRET_${name}`, value]),
  );
}

/** SST's SecretMissingError, rewritten to name the local file instead of `sst secret set`. */
export function localSecretError(error: unknown, file: string): Error | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /Set a value for (\S+) with `sst secret set/.exec(message)?.[1];
  if (!missing) return undefined;
  return new Error(missingMessage([missing], file));
}

/** Stops serve when a function links a secret that has no local value. */
export function assertSecretsPresent(
  model: ServiceModel,
  secrets: LocalSecrets,
  file: string,
): void {
  const linked = new Set(model.functions.flatMap((fn) => fn.links));
  const missing = model.links
    .filter(
      (link) => link.type === "sst.sst.Secret" && linked.has(link.name) && !(link.name in secrets),
    )
    .map((link) => link.name);
  if (missing.length > 0) throw new Error(missingMessage(missing, file));
}

/** Which secrets lack a value, the file to write them in (as the user types it) and how. */
function missingMessage(names: string[], file: string): string {
  const where = pathForUser(file);
  const entries = names.map((name) => `${JSON.stringify(name)}: "<value>"`).join(", ");
  const todo = existsSync(file)
    ? `Add ${entries} to the object in ${where}`
    : `Create ${where} with { ${entries} }`;
  return `No local value for the secret(s) ${names.join(", ")}. ${todo} (your own development values; the file is git-ignored, keep it out of commits).`;
}
