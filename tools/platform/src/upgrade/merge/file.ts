import type { ConflictLabels } from "./markers";
import { mergeText } from "./text";

/** How one file came out of a three-way merge. */
export interface ContentMerge {
  content: Buffer;
  /** Conflict blocks left in `content` (text), or 1 for a binary file both sides changed. */
  conflicts: number;
  binary: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Binary: a NUL byte in the first 8000 bytes (Git's test), or not valid UTF-8 (no text merge). */
export function isBinary(content: Buffer): boolean {
  if (content.subarray(0, 8000).includes(0)) return true;
  try {
    utf8.decode(content);
    return false;
  } catch {
    return true;
  }
}

/**
 * Merge one file's three versions. A side that did not change is resolved without looking at
 * the content, so a binary file or a file whose text the merge could not read still resolves when
 * only one side changed it. When both changed a binary file, ours is kept and counted as a
 * conflict: markers cannot go into it, and the caller reports it.
 */
export function mergeContent(
  base: Buffer,
  ours: Buffer,
  theirs: Buffer,
  labels: ConflictLabels,
): ContentMerge {
  const binary = isBinary(base) || isBinary(ours) || isBinary(theirs);
  if (ours.equals(theirs) || base.equals(theirs)) return { content: ours, conflicts: 0, binary };
  if (base.equals(ours)) return { content: theirs, conflicts: 0, binary };
  if (binary) return { content: ours, conflicts: 1, binary };
  const merged = mergeText(
    base.toString("utf8"),
    ours.toString("utf8"),
    theirs.toString("utf8"),
    labels,
  );
  return { content: Buffer.from(merged.content, "utf8"), conflicts: merged.conflicts, binary };
}
