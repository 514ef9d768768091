/**
 * Options of the `@acme/platform` Nx plugin, set in `nx.json`:
 *
 * ```json
 * { "plugins": [{ "plugin": "@acme/platform", "options": { "testTargetName": "unit" } }] }
 * ```
 *
 * Every inferred target can be renamed, so that the plugin fits a workspace that already uses a name
 * for something else.
 */
export interface PlatformPluginOptions {
  lintTargetName?: string;
  formatCheckTargetName?: string;
  typecheckTargetName?: string;
  testTargetName?: string;
}

export type NormalizedPlatformPluginOptions = Required<PlatformPluginOptions>;

export function normalizeOptions(
  options: PlatformPluginOptions | undefined,
): NormalizedPlatformPluginOptions {
  return {
    lintTargetName: options?.lintTargetName ?? "lint",
    formatCheckTargetName: options?.formatCheckTargetName ?? "format-check",
    typecheckTargetName: options?.typecheckTargetName ?? "typecheck",
    testTargetName: options?.testTargetName ?? "test",
  };
}
