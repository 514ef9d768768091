import { createHttpApp, HttpError, validate } from "@acme/runtime";
import type { Kysely } from "@acme/runtime/postgres";
import * as v from "valibot";
import type { Database } from "./database";

/** What the app uses, passed in: the handler gives it the linked resources, tests local ones. */
export interface AppDependencies {
  /** The linked `Database` (tables in src/database.ts). */
  db: Kysely<Database>;
}

const NewItem = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

interface Item {
  id: string;
  name: string;
}

/**
 * The orders HTTP API. Every route must also be listed in infra/index.ts (`routes`), and
 * every route listed there must be served here: infra/infra.test.ts checks both.
 */
export function createApp(deps: AppDependencies) {
  const app = createHttpApp({ service: "orders" });

  app.post("/items", validate("json", NewItem), async (c) => {
    const item: Item = await deps.db
      .insertInto("items")
      .values({ id: crypto.randomUUID(), ...c.req.valid("json") })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
    c.var.logger.info("item created", { id: item.id });
    return c.json(item, 201);
  });

  app.get("/items/:id", async (c) => {
    const id = c.req.param("id");
    // Ids are UUIDs: anything else cannot be an item (and Postgres would reject it as a uuid).
    const item = v.is(v.pipe(v.string(), v.uuid()), id)
      ? await deps.db
          .selectFrom("items")
          .select(["id", "name"])
          .where("id", "=", id)
          .executeTakeFirst()
      : undefined;
    if (!item) throw new HttpError(404, { detail: `There is no item ${id}.` });
    return c.json(item);
  });

  return app;
}
