import { existsSync, lstatSync, readlinkSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * What the generator checks on disk before Nx writes its tree there. Nx's Tree answers `exists`
 * by following symbolic links, so a link to nothing reads as free, and the write then fails half
 * way (after CODEOWNERS was written). These look at the disk without following links.
 */

/** What is at `path` (relative to `root`), or undefined when nothing is, link or not. */
export function occupant(root: string, path: string): string | undefined {
  const full = join(root, path);
  const stat = lstatSync(full, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (stat.isSymbolicLink()) return describeLink(full, path);
  return stat.isDirectory() ? `the folder ${path} exists` : `${path} is a file`;
}

/**
 * Why the file `path` cannot be written under `root` (a folder above it that is a file or a
 * link to nothing; a folder, or a link to nothing, where the file goes), or undefined when it can.
 */
export function unwritable(root: string, path: string): string | undefined {
  const parts = path.split("/");
  for (let depth = 1; depth < parts.length; depth++) {
    const ancestor = parts.slice(0, depth).join("/");
    const full = join(root, ancestor);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (!stat) return undefined; // Nx creates it and what is below.
    if (stat.isDirectory()) continue;
    if (stat.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isDirectory()) continue;
    return stat.isSymbolicLink() ? describeLink(full, ancestor) : `${ancestor} is a file`;
  }
  const full = join(root, path);
  const stat = lstatSync(full, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink() && !existsSync(full)) return describeLink(full, path);
  return statSync(full, { throwIfNoEntry: false })?.isDirectory()
    ? `${path} is a folder`
    : undefined;
}

function describeLink(full: string, path: string): string {
  const target = resolve(dirname(full), readlinkSync(full));
  return existsSync(full)
    ? `${path} is a symbolic link to ${target}`
    : `${path} is a symbolic link to ${target}, which does not exist`;
}
