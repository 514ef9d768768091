---
to: "<%= kind === 'http' ? `apps/${name}/src/app.ts` : null %>"
---
<%_ const postgres = database === "postgres"; _%>
import { createHttpApp, HttpError, validate } from "@<%= org %>/runtime";
<%_ if (postgres) { _%>
import type { Kysely } from "@<%= org %>/runtime/postgres";
<%_ } _%>
<%_ if (bucket) { _%>
import type { BucketClient } from "@<%= org %>/runtime/s3";
<%_ } _%>
import * as v from "valibot";
<%_ if (postgres) { _%>
import type { Database } from "./database";
<%_ } _%>
<%_ if (links.length > 0) { _%>

/** What the app uses, passed in: the handler gives it the linked resources, tests local ones. */
export interface AppDependencies {
<%_ if (postgres) { _%>
  /** The linked `Database` (tables in src/database.ts). */
  db: Kysely<Database>;
<%_ } _%>
<%_ if (bucket) { _%>
  /** The linked `Bucket`. */
  files: BucketClient;
<%_ } _%>
}
<%_ } _%>

const NewItem = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

interface Item {
  id: string;
  name: string;
}
<%_ if (bucket) { _%>

/** Object keys the files routes accept: letters, digits, `.`, `_`, `-` (one path segment). */
const FILE_KEY = /^[A-Za-z0-9._-]{1,200}$/;
<%_ } _%>

/**
 * The <%= name %> HTTP API. Every route must also be listed in infra/index.ts (`routes`), and
 * every route listed there must be served here: infra/infra.test.ts checks both.
 */
export function createApp(<%- links.length > 0 ? "deps: AppDependencies" : "" %>) {
  const app = createHttpApp({ service: "<%= name %>" });
<%_ if (!postgres) { _%>
  /** An example store, kept in memory: replace it with the service's storage. */
  const items = new Map<string, Item>();
<%_ } _%>

  app.post("/items", validate("json", NewItem), async (c) => {
<%_ if (postgres) { _%>
    const item: Item = await deps.db
      .insertInto("items")
      .values({ id: crypto.randomUUID(), ...c.req.valid("json") })
      .returning(["id", "name"])
      .executeTakeFirstOrThrow();
<%_ } else { _%>
    const item: Item = { id: crypto.randomUUID(), ...c.req.valid("json") };
    items.set(item.id, item);
<%_ } _%>
    c.var.logger.info("item created", { id: item.id });
    return c.json(item, 201);
  });

  app.get("/items/:id", async (c) => {
    const id = c.req.param("id");
<%_ if (postgres) { _%>
    // Ids are UUIDs: anything else cannot be an item (and Postgres would reject it as a uuid).
    const item = v.is(v.pipe(v.string(), v.uuid()), id)
      ? await deps.db
          .selectFrom("items")
          .select(["id", "name"])
          .where("id", "=", id)
          .executeTakeFirst()
      : undefined;
<%_ } else { _%>
    const item = items.get(id);
<%_ } _%>
    if (!item) throw new HttpError(404, { detail: `There is no item ${id}.` });
    return c.json(item);
  });
<%_ if (bucket) { _%>

  app.put("/files/:key", async (c) => {
    const key = c.req.param("key");
    if (!FILE_KEY.test(key)) {
      throw new HttpError(400, {
        detail: `File keys are 1 to 200 of A-Z a-z 0-9 . _ -, not "${key}".`,
      });
    }
    const body = new Uint8Array(await c.req.arrayBuffer());
    await deps.files.put(`files/${key}`, body, c.req.header("content-type"));
    c.var.logger.info("file stored", { key, bytes: body.length });
    return c.body(null, 204);
  });

  app.get("/files/:key", async (c) => {
    const key = c.req.param("key");
    const file = FILE_KEY.test(key) ? await deps.files.get(`files/${key}`) : undefined;
    if (!file) throw new HttpError(404, { detail: `There is no file ${key}.` });
    return c.body(file.body, 200, {
      "content-type": file.contentType ?? "application/octet-stream",
    });
  });
<%_ } _%>

  return app;
}
