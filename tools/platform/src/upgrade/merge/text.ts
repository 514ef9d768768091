import { diff3Merge } from "node-diff3";
import { type ConflictLabels, conflictBlock } from "./markers";

/** The result of a three-way text merge: the merged text, and how many conflict blocks it holds. */
export interface TextMerge {
  content: string;
  conflicts: number;
}

/** Lines with their terminators: a missing final newline or a CRLF stays part of its line. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The line ending a text uses: CRLF when every line break is one, LF otherwise. */
export function lineEnding(text: string): "\r\n" | "\n" {
  const breaks = text.match(/\r?\n/g) ?? [];
  return breaks.length > 0 && breaks.every((lineBreak) => lineBreak === "\r\n") ? "\r\n" : "\n";
}

function withLineEnding(text: string, eol: "\r\n" | "\n"): string {
  return text.replace(/\r?\n/g, eol);
}

/**
 * Three-way merge of text files, line by line, with node-diff3 (docs/adr/0006). A change on one
 * side only is taken; the same change on both sides is taken once; different changes to the same
 * lines become a conflict block in Git's diff3 format (ours, base, theirs).
 *
 * A working copy checked out with CRLF (Windows, `core.autocrlf`) is merged in CRLF: the
 * template's sides are converted first, so a line-ending difference never reads as an edit.
 */
export function mergeText(
  base: string,
  ours: string,
  theirs: string,
  labels: ConflictLabels,
): TextMerge {
  const eol = lineEnding(ours);
  const templateEol = lineEnding(base + theirs);
  if (eol !== templateEol && ours.includes("\n")) {
    base = withLineEnding(base, eol);
    theirs = withLineEnding(theirs, eol);
  }
  const regions = diff3Merge(splitLines(ours), splitLines(base), splitLines(theirs), {
    excludeFalseConflicts: true,
  });
  const out: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) out.push(...region.ok);
    if (region.conflict) {
      conflicts += 1;
      const { a, o, b } = region.conflict;
      out.push(...conflictBlock({ ours: a, base: o, theirs: b }, labels, eol));
    }
  }
  return { content: out.join(""), conflicts };
}
