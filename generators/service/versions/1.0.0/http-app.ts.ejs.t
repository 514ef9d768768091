---
to: "<%= kind === 'http' ? `apps/${name}/src/app.ts` : null %>"
---
<%_ const runtimeImports = ["createHttpApp", "HttpError", ...(links.length > 0 ? ["resource"] : []), "validate"]; _%>
import { <%- runtimeImports.join(", ") %> } from "@<%= org %>/runtime";
import * as v from "valibot";

/** The <%= name %> HTTP API. Every route must also be listed in infra/index.ts (`routes`). */
export const app = createHttpApp({ service: "<%= name %>" });

const NewItem = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

interface Item {
  id: string;
  name: string;
}

/** An example store, kept in memory: replace it with the service's storage. */
const items = new Map<string, Item>();

app.post("/items", validate("json", NewItem), (c) => {
  const item: Item = { id: crypto.randomUUID(), ...c.req.valid("json") };
  items.set(item.id, item);
<%_ if (links.length > 0) { _%>
  // Linked resources, typed from sst-env.d.ts: use them with the AWS SDK or a Postgres client.
  c.var.logger.info("item created", {
    id: item.id,
<%_ if (bucket) { _%>
    bucket: resource("Bucket").name,
<%_ } _%>
<%_ if (database === "postgres") { _%>
    database: resource("Database").database,
<%_ } _%>
  });
<%_ } else { _%>
  c.var.logger.info("item created", { id: item.id });
<%_ } _%>
  return c.json(item, 201);
});

app.get("/items/:id", (c) => {
  const item = items.get(c.req.param("id"));
  if (!item) throw new HttpError(404, { detail: `There is no item ${c.req.param("id")}.` });
  return c.json(item);
});
