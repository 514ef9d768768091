import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { renderReport } from "./report";
import { checkService, passed } from "./service";

const USAGE = `Usage: shipyard-policy [--stage <stage>]... [--json]
Checks the platform's rules on what the service in the current folder creates, evaluated offline
in each stage (default: dev and production). Exit 0 when every rule holds or is validly waived.`;

/** `shipyard-policy` (the services' `policy` target). Returns the exit code. */
export async function main(argv: string[], serviceDir = process.cwd()): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stage: { type: "string", multiple: true },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!existsSync(join(serviceDir, "sst.config.ts"))) {
    console.error(
      `✕ ${serviceDir} is not a service folder (no sst.config.ts). Run shipyard-policy in apps/<service>.`,
    );
    return 2;
  }
  const report = await checkService(serviceDir, { stages: values.stage });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderReport(report));
  return passed(report) ? 0 : 1;
}
