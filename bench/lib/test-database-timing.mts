/**
 * Child process of bench/lambda-bundles.mts (`node --import tsx test-database-timing.mts
 * <migrations folder>`): the embedded Postgres as a service's tests use it, started, migrated and
 * reset in this process. Timed in here (not around the process) because the tests pay these in
 * their own process, after Node and tsx have started. Prints `{ created, reset, resets }` as JSON:
 * start + migrate once (ms), and the median (ms) of `resets` resets, each after one insert.
 */
import { createTestDatabase } from "@acme/runtime/postgres/testing";
import { summary } from "./report.mts";
import { timedAsync } from "./time.mts";

const RESETS = 20;

/** The table of apps/orders/migrations the resets empty. */
interface Items {
  items: { id: string; name: string };
}

const [migrations] = process.argv.slice(2);
if (!migrations) throw new Error("Usage: test-database-timing.mts <migrations folder>");

const { ms: created, value: database } = await timedAsync(() =>
  createTestDatabase<Items>(migrations),
);
const resets: number[] = [];
try {
  for (let index = 0; index < RESETS; index++) {
    await database.db.insertInto("items").values({ id: crypto.randomUUID(), name: "x" }).execute();
    resets.push((await timedAsync(() => database.reset())).ms);
  }
} finally {
  await database.close();
}
process.stdout.write(JSON.stringify({ created, reset: summary(resets).median, resets: RESETS }));
