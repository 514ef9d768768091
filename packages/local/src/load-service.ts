import { loadModel, type ServiceModel } from "./model";
import type { LocalPaths } from "./paths";
import {
  assertSecretsPresent,
  type LocalSecrets,
  localSecretError,
  readSecrets,
  secretEnvironment,
} from "./secrets";

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
  }).catch((error: unknown) => {
    throw localSecretError(error, paths.secrets) ?? error;
  });
  for (const warning of model.warnings) log(`! ${warning}`);
  assertSecretsPresent(model, secrets, paths.secrets);
  return { model, secrets, linked: new Set(model.functions.flatMap((fn) => fn.links)) };
}
