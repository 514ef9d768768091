import { isAbsolute, relative } from "node:path";
import { findWorkspaceRoot } from "@acme/contract";

/**
 * `file` as the user should type it in a message: relative to the folder they ran the command
 * in, else to the workspace root, else absolute. Under `nx serve` this process runs in the
 * service's folder, not the user's: npm and npx record the user's folder in `INIT_CWD` (and Nx
 * passes it on), so `apps/orders/.local/secrets.json` is named, not a bare `.local/secrets.json`
 * that points nowhere from the root.
 */
export function pathForUser(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const bases = [env.INIT_CWD, findWorkspaceRoot(file)].filter(
    (base): base is string => base !== undefined && base !== "",
  );
  for (const base of bases) {
    const inside = relative(base, file);
    if (inside && !inside.startsWith("..") && !isAbsolute(inside)) return inside;
  }
  return file;
}
