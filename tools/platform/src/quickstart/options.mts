import { parseArgs } from "node:util";
import { SERVICE_NAME_PATTERN } from "@acme/contract";

export interface QuickstartOptions {
  name: string;
  /** As given; unset means "http" for a new service and "whatever it is" for an existing one. */
  kind: string | undefined;
}

export const QUICKSTART_USAGE = "Usage: npm start [-- --name <service>] [--kind http|worker|cron]";

/** The kind `npm start` scaffolds when none is given. */
export const DEFAULT_KIND = "http";

/**
 * `npm start -- --name inbox --kind worker`. The generator validates a new service's values; the
 * name is checked here too, because an existing folder is served without the generator
 * (`--name ../tools` named a folder outside apps/).
 */
export function quickstartOptions(argv: string[]): QuickstartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string", default: "hello" },
      kind: { type: "string" },
    },
    strict: true,
  });
  if (!SERVICE_NAME_PATTERN.test(values.name)) {
    throw new Error(
      `--name "${values.name}" is not a service name: use lowercase letters, digits and single hyphens, starting with a letter (e.g. "hello" or "inbox").`,
    );
  }
  return { name: values.name, kind: values.kind };
}

/**
 * Why an existing service cannot be served as asked: `--kind` names another kind than it has
 * (`npm start -- --name orders --kind worker` would serve the http service orders).
 */
export function kindMismatch(
  name: string,
  wanted: string | undefined,
  existing: string | undefined,
): string | undefined {
  if (wanted === undefined || existing === undefined || wanted === existing) return undefined;
  const article = existing === "http" ? "an" : "a";
  return `apps/${name} exists and is ${article} ${existing} service, not a ${wanted}. Serve it with \`npm start -- --name ${name}\`, or choose another --name for a new ${wanted} service.`;
}
