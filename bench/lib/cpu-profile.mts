/**
 * Reading V8 CPU profiles (`.cpuprofile`, as `node --cpu-prof` and the inspector write them): the
 * busy and garbage-collection time of the process, and the inclusive time of named functions
 * (each sample counted once per function on its stack, so recursion is not counted twice).
 */
import { readFileSync } from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Milliseconds the process ran JavaScript or collected garbage (not idle). */
  busyMs: number;
  gcMs: number;
  /** Inclusive milliseconds by `functionName url:line`. */
  inclusiveMs: Map<string, number>;
  /** Inclusive milliseconds by script URL: samples with any frame of that script on the stack. */
  inclusiveByUrlMs: Map<string, number>;
}

/** A function as the summaries name it: `name file:line`, the path from node_modules/ on. */
export function frameName({ functionName, url, lineNumber }: CallFrame): string {
  const file = url.replace(/^.*node_modules\//, "").replace(/^file:\/\//, "");
  return `${functionName || "(anonymous)"} ${file}:${lineNumber}`;
}

export function summarizeProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  let busyMs = 0;
  let gcMs = 0;
  const inclusiveMs = new Map<string, number>();
  const inclusiveByUrlMs = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const name = nodes.get(id)?.callFrame.functionName;
    if (name === "(idle)" || name === "(program)") continue;
    busyMs += ms;
    if (name === "(garbage collector)") gcMs += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at);
      if (!node) break;
      for (const key of [frameName(node.callFrame), `url:${node.callFrame.url}`]) {
        if (seen.has(key)) continue;
        seen.add(key);
        const into = key.startsWith("url:") ? inclusiveByUrlMs : inclusiveMs;
        const name = key.startsWith("url:") ? key.slice(4) : key;
        into.set(name, (into.get(name) ?? 0) + ms);
      }
    }
  }
  return { busyMs, gcMs, inclusiveMs, inclusiveByUrlMs };
}

/** Inclusive milliseconds of the functions named `functionName` (in any file), summed. */
export function inclusiveOf(summary: ProfileSummary, functionName: string): number {
  let total = 0;
  for (const [key, ms] of summary.inclusiveMs) {
    if (key.startsWith(`${functionName} `)) total += ms;
  }
  return total;
}

/** Inclusive milliseconds of the scripts whose URL matches `pattern` (a sample counts once). */
export function inclusiveOfScript(summary: ProfileSummary, pattern: RegExp): number {
  let total = 0;
  for (const [url, ms] of summary.inclusiveByUrlMs) if (pattern.test(url)) total += ms;
  return total;
}
