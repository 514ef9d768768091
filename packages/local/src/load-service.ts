import { basename, join } from "node:path";
import { loadModel, type ServiceModel } from "./model";
import type { LocalPaths } from "./paths";
import {
  assertSecretsPresent,
  type LocalSecrets,
  localSecretError,
  readSecrets,
  secretEnvironment,
} from "./secrets";
import { pathForUser } from "./user-path";

export interface LoadedService {
  model: ServiceModel;
  secrets: LocalSecrets;
  /** The names of the resources some function links: only these get a local stand-in. */
  linked: ReadonlySet<string>;
}

/**
 * What serve runs: the service's model (its infra evaluated with the local secrets, or its
 * generator answers) and the local secrets, checked to cover every linked secret.
 */
export async function loadService(options: {
  appDir: string;
  paths: LocalPaths;
  stage: string;
  from: "auto" | "infra" | "answers";
  log: (line: string) => void;
}): Promise<LoadedService> {
  const { paths, log } = options;
  const secrets = readSecrets(paths.secrets);
  const model = await loadModel(options.appDir, {
    stage: options.stage,
    from: options.from,
    progress: log,
    environment: secretEnvironment(secrets),
  }).catch(async (error: unknown) => {
    throw localSecretError(error, paths.secrets) ?? (await infraError(error, options.appDir));
  });
  for (const warning of model.warnings) log(`! ${warning}`);
  assertSecretsPresent(model, secrets, paths.secrets);
  return { model, secrets, linked: new Set(model.functions.flatMap((fn) => fn.links)) };
}

/**
 * An evaluation that failed, said with the service's name, and its `file:line:column` locations
 * (the evaluator's are relative to the service's folder) named from where the user is.
 */
async function infraError(error: unknown, appDir: string): Promise<unknown> {
  if (!(error instanceof Error) || error.name !== "EvaluationError") return error;
  // Loaded only now: the evaluator that just failed, so it is there.
  const { relocateLocations } = await import("@acme/sst-offline");
  const located = relocateLocations(error.message, appDir, (file) => pathForUser(file));
  return new Error(
    `The infra of ${basename(appDir)} (${pathForUser(join(appDir, "sst.config.ts"))}) did not evaluate:\n${located}`,
  );
}
