import { layout } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { conflictMarkerLines } from "./merge/markers";

/** Folders in a service that hold local state or build output, never template or team files. */
const NOT_SOURCE = new Set([".sst", layout.localStateDir, "node_modules", "dist", ".nx"]);

/** The files of a service folder in the tree, without local state and build output. */
export function serviceFiles(tree: Tree, folder: string): string[] {
  return tree.children(folder).flatMap((name) => {
    if (NOT_SOURCE.has(name)) return [];
    const path = `${folder}/${name}`;
    return tree.isFile(path) ? [path] : serviceFiles(tree, path);
  });
}

/** Files (of `paths`) that still hold conflict markers, with the marker lines. */
export function filesWithMarkers(tree: Tree, paths: string[]): { path: string; lines: number[] }[] {
  return paths.flatMap((path) => {
    const content = tree.read(path);
    if (!content || content.subarray(0, 8000).includes(0)) return [];
    const lines = conflictMarkerLines(content.toString("utf8"));
    return lines.length > 0 ? [{ path, lines }] : [];
  });
}
