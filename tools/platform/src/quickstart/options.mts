import { parseArgs } from "node:util";

export interface QuickstartOptions {
  name: string;
  kind: string;
}

export const QUICKSTART_USAGE = "Usage: npm start [-- --name <service>] [--kind http|worker|cron]";

/** `npm start -- --name inbox --kind worker`; the generator validates the values themselves. */
export function quickstartOptions(argv: string[]): QuickstartOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string", default: "hello" },
      kind: { type: "string", default: "http" },
    },
    strict: true,
  });
  return { name: values.name, kind: values.kind };
}
