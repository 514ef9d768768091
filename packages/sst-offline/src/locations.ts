import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

/** A `file:line:column: ` location at the start of a line, as esbuild's errors are printed. */
const LOCATION = /^([^\s:][^:\n]*):(\d+):(\d+): /gm;

/**
 * An evaluation error's message with each `file:line:column` location, which the evaluator prints
 * relative to the service's folder (`infra/index.ts:11:44`), renamed by `show` (given the file's
 * absolute path): a user at the workspace root needs `apps/orders/infra/index.ts:11:44` to find it.
 * Only locations that name an existing file are renamed.
 */
export function relocateLocations(
  message: string,
  appDir: string,
  show: (file: string) => string,
): string {
  return message.replace(LOCATION, (whole, file: string, line: string, column: string) => {
    const absolute = isAbsolute(file) ? file : resolve(appDir, file);
    return existsSync(absolute) ? `${show(absolute)}:${line}:${column}: ` : whole;
  });
}
