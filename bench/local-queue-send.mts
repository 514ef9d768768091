/**
 * `node --import tsx bench/local-queue-send.mts [--backlogs 1000,15000,100000] [--sends 50]`
 *
 * What one send to `nx serve`'s local queue costs as its backlog grows: the queue store of
 * `@acme/local` (one SQLite insert, `QueueStore.add`) beside the design it replaced, which kept
 * the queue as one JSON file and rewrote it whole on every send (`JSON.stringify` of every message,
 * write to a temporary file, rename). Both run here, in one process, on the same messages.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueueStore } from "../packages/local/src/queue/store.ts";
import { loadAverage, machineNote, parseArgs, ratio, table, timePerCall } from "./lib/measure.mts";

const args = parseArgs(process.argv.slice(2));
const backlogs = String(args.backlogs ?? "1000,15000,100000")
  .split(",")
  .map(Number);
const sends = Number(args.sends ?? 50);

const message = (i: number) => ({
  messageId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  body: JSON.stringify({ id: `order-${i}`, total: i * 3 }),
  sentTimestamp: Date.now(),
  receiveCount: 0,
  visibleAt: 0,
});

const perCall = (step: () => void) => timePerCall(sends, step);

const rows = [];
const before = loadAverage();
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
    rows.push([backlog, jsonFile, sqlite] as const);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  table([
    ["backlog", "JSON file rewritten (before)", "SQLite store (now)", "ratio"],
    ...rows.map(([backlog, json, sqlite]) => [
      String(backlog),
      json.toFixed(3),
      sqlite.toFixed(3),
      `${ratio(json, sqlite, 0)}x`,
    ]),
  ]),
);
console.log(`\nms per send, ${sends} sends at each backlog. ${machineNote(before)}`);
