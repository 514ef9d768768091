/**
 * What the benchmarks print: summaries of samples, aligned tables, the side-by-side ratio table,
 * and the machine and its load average, printed with each table.
 */
import { cpus, loadavg } from "node:os";

export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** Median, min and max of samples; NaN for each when there is none (nothing was measured). */
export function summary(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? Number.NaN)
      : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/** `value / baseline` as printed in the tables ("n/a" without a usable baseline). */
export function ratio(value: number, baseline: number, digits = 2): string {
  return baseline > 0 ? (value / baseline).toFixed(digits) : "n/a";
}

/** Renders rows as an aligned text table; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  return rows
    .map((row, index) =>
      row
        .map((cell, column) =>
          index === 0 || column === 0
            ? cell.padEnd(widths[column] ?? 0)
            : cell.padStart(widths[column] ?? 0),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Renders rows as a Markdown table (for reports pasted into READMEs). */
export function markdownTable(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(3, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    `| ${widths.map((width, column) => (row[column] ?? "").padEnd(width)).join(" | ")} |`;
  const [header = [], ...body] = rows;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join(
    "\n",
  );
}

/** One row of a {@link ratioTable}: a case and its samples. */
export interface Sampled {
  label: string;
  samples: number[];
  /** The label of the row its ratio is taken against; the first row's by default. */
  baseline?: string;
}

export interface RatioTableOptions {
  /** The unit of the samples; "s" prints milliseconds as seconds. */
  unit: "ms" | "s";
  /** Decimals of the median, min and max; 0 for ms and 2 for s by default. */
  digits?: number;
  /** The ratio column's header, e.g. "× node -e 0". */
  ratioHeader: string;
  /** The first column's header. */
  caseHeader?: string;
  /** Extra columns after the ratio, one per row. */
  extra?: { headers: string[]; cells: (row: Sampled) => string[] };
}

/**
 * The side-by-side table every benchmark prints: per case the median, min and max of its samples
 * (in ms) and the ratio of its median to its baseline's median, measured in the same run.
 */
export function ratioTable(rows: Sampled[], options: RatioTableOptions): string {
  const format = (ms: number) =>
    options.unit === "s"
      ? (ms / 1000).toFixed(options.digits ?? 2)
      : ms.toFixed(options.digits ?? 0);
  const medians = new Map(rows.map((row) => [row.label, summary(row.samples).median]));
  const header = [
    options.caseHeader ?? "case",
    `median ${options.unit}`,
    `min ${options.unit}`,
    `max ${options.unit}`,
    options.ratioHeader,
    ...(options.extra?.headers ?? []),
  ];
  return table([
    header,
    ...rows.map((row) => {
      const { median, min, max } = summary(row.samples);
      const baseline = medians.get(row.baseline ?? rows[0]?.label ?? "") ?? 0;
      return [
        row.label,
        format(median),
        format(min),
        format(max),
        ratio(median, baseline),
        ...(options.extra?.cells(row) ?? []),
      ];
    }),
  ]);
}

/** The 1-minute load average now. */
export function loadAverage(): number {
  return loadavg()[0] ?? 0;
}

/**
 * The line printed under each table: cores, Node, and the load average when the measurement
 * started (`loadBefore`, from {@link loadAverage}) and now.
 */
export function machineNote(loadBefore: number): string {
  return `Machine: ${cpus().length} cores, Node ${process.versions.node}; load average ${loadBefore.toFixed(2)} before, ${loadAverage().toFixed(2)} after.`;
}
