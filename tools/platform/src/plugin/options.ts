/**
 * Options of the `@acme/platform` Nx plugin, set in `nx.json`:
 *
 * ```json
 * {
 *   "plugins": [
 *     {
 *       "plugin": "./tools/platform/nx-entry/node_modules/plugin.cjs",
 *       "options": { "testTargetName": "unit" }
 *     }
 *   ]
 * }
 * ```
 *
 * Every inferred target can be renamed, so that the plugin fits a workspace that already uses a
 * name for something else. Dependencies between targets (`dependsOn` on `sst-install`) follow the
 * renames.
 */
export interface PlatformPluginOptions {
  lintTargetName?: string;
  formatCheckTargetName?: string;
  typecheckTargetName?: string;
  testTargetName?: string;
  sstInstallTargetName?: string;
  evaluateTargetName?: string;
  buildTargetName?: string;
  infraTargetName?: string;
  platformCheckTargetName?: string;
  policyTargetName?: string;
  templateCheckTargetName?: string;
  linkTypesTargetName?: string;
  serveTargetName?: string;
  devTargetName?: string;
  deployTargetName?: string;
  removeTargetName?: string;
}

export type NormalizedPlatformPluginOptions = Required<PlatformPluginOptions>;

/** The name each target has when the workspace does not rename it. */
export const defaultTargetNames: NormalizedPlatformPluginOptions = {
  lintTargetName: "lint",
  formatCheckTargetName: "format-check",
  typecheckTargetName: "typecheck",
  testTargetName: "test",
  sstInstallTargetName: "sst-install",
  evaluateTargetName: "evaluate",
  buildTargetName: "build",
  infraTargetName: "infra",
  platformCheckTargetName: "platform-check",
  policyTargetName: "policy",
  templateCheckTargetName: "template-check",
  linkTypesTargetName: "link-types",
  serveTargetName: "serve",
  devTargetName: "dev",
  deployTargetName: "deploy",
  removeTargetName: "remove",
};

export function normalizeOptions(
  options: PlatformPluginOptions | undefined,
): NormalizedPlatformPluginOptions {
  const normalized = { ...defaultTargetNames };
  for (const key of Object.keys(defaultTargetNames) as (keyof PlatformPluginOptions)[]) {
    const value = options?.[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || !/^[\w:.-]+$/.test(value)) {
      throw new Error(
        `@acme/platform option ${key} must be a target name (letters, digits, "-", "_", ".", ":"), got ${JSON.stringify(value)}. Fix it in nx.json's plugins entry.`,
      );
    }
    normalized[key] = value;
  }
  const names = Object.values(normalized);
  const clash = names.find((name, index) => names.indexOf(name) !== index);
  if (clash !== undefined) {
    throw new Error(
      `@acme/platform options give two targets the name "${clash}". Give each target its own name in nx.json's plugins entry.`,
    );
  }
  return normalized;
}
