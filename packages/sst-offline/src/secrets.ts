/**
 * The secret named by SST's SecretMissingError ("Set a value for X with `sst secret set X`"), which
 * an evaluation throws when an `sst.Secret` has neither a value nor a placeholder for the stage.
 */
export function unsetSecret(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return /Set a value for (\S+) with `sst secret set/.exec(message)?.[1];
}
