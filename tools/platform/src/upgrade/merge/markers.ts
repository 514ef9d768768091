/**
 * Git's standard conflict markers (diff3 style, as `git merge-file --diff3` writes them): editors,
 * `git diff` and merge tools all recognise them.
 */
export const MARKER = { ours: "<<<<<<<", base: "|||||||", separator: "=======", theirs: ">>>>>>>" };

/** Labels written after the markers, so the reader knows which side is which. */
export interface ConflictLabels {
  ours: string;
  base: string;
  theirs: string;
}

const OPENING = /^<{7}(?: |\r?$)/;
const MARKER_LINE = /^(?:<{7}|\|{7}|>{7})(?: |\r?$)|^={7}\r?$/;

/**
 * The (1-based) lines of a text that are conflict markers. A lone "=======" (a Markdown heading
 * underline) does not count unless an opening marker is there too.
 */
export function conflictMarkerLines(text: string): number[] {
  const lines = text.split("\n");
  if (!lines.some((line) => OPENING.test(line))) return [];
  return lines.flatMap((line, index) => (MARKER_LINE.test(line) ? [index + 1] : []));
}

/** One conflict block: ours, base and theirs, each as complete lines, in Git's diff3 layout. */
export function conflictBlock(
  sides: { ours: string[]; base: string[]; theirs: string[] },
  labels: ConflictLabels,
  eol: string,
): string[] {
  const closed = (lines: string[]) => {
    const last = lines[lines.length - 1];
    // The markers must start on their own line even when a side ends the file without a newline.
    return last === undefined || last.endsWith("\n") ? lines : [...lines.slice(0, -1), last + eol];
  };
  return [
    `${MARKER.ours} ${labels.ours}${eol}`,
    ...closed(sides.ours),
    `${MARKER.base} ${labels.base}${eol}`,
    ...closed(sides.base),
    `${MARKER.separator}${eol}`,
    ...closed(sides.theirs),
    `${MARKER.theirs} ${labels.theirs}${eol}`,
  ];
}
