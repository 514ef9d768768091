/**
 * The fair baseline for the http kind (bench/handler-cold-start.mts): apps/orders' routes, with
 * the same behaviour, written directly on the libraries a team would use without the platform:
 * Hono, valibot, Kysely over node-postgres, SST's own `Resource` for the link, one JSON line per
 * log. No @acme/runtime. (bare-http.ts, the older baseline, has the routes but no database.)
 */
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { Resource } from "sst";
import * as v from "valibot";

interface Database {
  items: { id: string; name: string };
}

const NewItem = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

interface Link {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

// On Lambda, SST puts the link in SST_RESOURCE_Database; the benchmark sets it the same way.
const { host, port, username, password, database } = (Resource as unknown as { Database: Link })
  .Database;
const db = new Kysely<Database>({
  dialect: new PostgresDialect({
    pool: new pg.Pool({
      host,
      port,
      user: username,
      password,
      database,
      max: 1,
      ssl: { rejectUnauthorized: false },
    }),
  }),
});
const app = new Hono();

app.post("/items", async (c) => {
  const parsed = v.safeParse(NewItem, await c.req.json());
  if (!parsed.success) return c.json({ title: "Bad Request", status: 400 }, 400);
  const item = await db
    .insertInto("items")
    .values({ id: crypto.randomUUID(), ...parsed.output })
    .returning(["id", "name"])
    .executeTakeFirstOrThrow();
  console.log(JSON.stringify({ level: "INFO", message: "item created", id: item.id }));
  return c.json(item, 201);
});

app.get("/items/:id", async (c) => {
  const id = c.req.param("id");
  const item = v.is(v.pipe(v.string(), v.uuid()), id)
    ? await db.selectFrom("items").select(["id", "name"]).where("id", "=", id).executeTakeFirst()
    : undefined;
  return item ? c.json(item) : c.json({ title: "Not Found", status: 404 }, 404);
});

export const handler = handle(app);
