// @ts-check
/**
 * `node bench/local-queue-send.mjs [--backlogs 1000,15000,100000] [--sends 50]`
 *
 * What one send to `nx serve`'s local queue costs as its backlog grows: the queue store of
 * `@acme/local` (one SQLite insert, `QueueStore.add`) beside the design it replaced, which kept
 * the queue as one JSON file and rewrote it whole on every send (`JSON.stringify` of every message,
 * write to a temporary file, rename). Both run here, in one process, on the same messages.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { register } from "tsx/esm/api";
import { parseArgs, table } from "./lib/measure.mjs";

register();
/** @type {typeof import("../packages/local/src/queue/store.ts")} */
const { QueueStore } = await import("../packages/local/src/queue/store.ts");

const args = parseArgs(process.argv.slice(2));
const backlogs = String(args.backlogs ?? "1000,15000,100000")
  .split(",")
  .map(Number);
const sends = Number(args.sends ?? 50);

/** @param {number} i */
const message = (i) => ({
  messageId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  body: JSON.stringify({ id: `order-${i}`, total: i * 3 }),
  sentTimestamp: Date.now(),
  receiveCount: 0,
  visibleAt: 0,
});

/** @param {() => void} step @returns {number} ms per call */
function perCall(step) {
  const started = performance.now();
  for (let i = 0; i < sends; i++) step();
  return (performance.now() - started) / sends;
}

const rows = [];
const load = loadavg()[0]?.toFixed(2);
for (const backlog of backlogs) {
  const dir = mkdtempSync(join(tmpdir(), "local-queue-bench-"));
  try {
    // The replaced design: the whole queue in memory, the whole file rewritten per send.
    const state = { messages: Array.from({ length: backlog }, (_, i) => message(i)), dlq: [] };
    const file = join(dir, "Queue.json");
    let next = backlog;
    const jsonFile = perCall(() => {
      state.messages.push(message(next++));
      writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
      renameSync(`${file}.tmp`, file);
    });

    const store = new QueueStore(join(dir, "store"));
    store.addMany(
      "Queue",
      Array.from({ length: backlog }, (_, i) => message(i)),
    );
    const sqlite = perCall(() => store.add("Queue", message(next++)));
    store.close();
    rows.push([backlog, jsonFile, sqlite, jsonFile / sqlite]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `ms per send, ${sends} sends at each backlog (load average ${load} before, ${loadavg()[0]?.toFixed(2)} after)\n`,
);
console.log(
  table([
    ["backlog", "JSON file rewritten (before)", "SQLite store (now)", "ratio"],
    ...rows.map(([backlog, json, sqlite, ratio]) => [
      String(backlog),
      json.toFixed(3),
      sqlite.toFixed(3),
      `${ratio.toFixed(0)}x`,
    ]),
  ]),
);
