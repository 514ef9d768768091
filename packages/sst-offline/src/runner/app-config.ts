/** The CLI's completion of what `app({ stage })` returns (pkg/project/project.go): checks and defaults. */

export type Removal = "remove" | "retain" | "retain-all";

/** The app as the CLI completes it; `$app` holds this during `run()`. */
export interface CompletedApp {
  name: string;
  stage: string;
  removal: Removal;
  /** Each provider's arguments (`true` → `{}`, `"x.y"` → `{ version: "x.y" }`), the home provider included. */
  providers: Record<string, Record<string, unknown>>;
  home: string;
  version: string;
  protect: boolean;
}

const REMOVALS: readonly string[] = ["remove", "retain", "retain-all"];

/** Completes `input` (what `app()` returned) for `stage`; throws the CLI's own messages. */
export function completeApp(input: unknown, stage: string): CompletedApp {
  if (!input || typeof input !== "object") throw new Error("app() must return an object.");
  const config = input as Record<string, unknown>;
  if (!config.name) throw new Error("Project name is required");
  if (!config.home) {
    throw new Error('You must specify a "home" provider in the project configuration file.');
  }
  if (config.removalPolicy) throw new Error('The "removalPolicy" has been renamed to "removal"');
  const home = String(config.home);
  const providers = normalizeProviders(config.providers);
  if (home !== "local" && !(home in providers)) providers[home] = {};
  const removal = config.removal || "retain";
  if (typeof removal !== "string" || !REMOVALS.includes(removal)) {
    throw new Error("Removal must be one of: remove, retain, retain-all");
  }
  return {
    name: String(config.name),
    stage,
    removal: removal as Removal,
    providers,
    home,
    version: typeof config.version === "string" ? config.version : "",
    protect: Boolean(config.protect),
  };
}

function normalizeProviders(input: unknown): Record<string, Record<string, unknown>> {
  const providers: Record<string, Record<string, unknown>> = {};
  for (const [name, args] of Object.entries(input ?? {})) {
    if (args === true) providers[name] = {};
    else if (typeof args === "string") providers[name] = { version: args };
    else providers[name] = args as Record<string, unknown>;
  }
  return providers;
}
