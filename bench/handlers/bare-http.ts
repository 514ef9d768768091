/**
 * The baseline for the http kind (bench/handler-cold-start.mts): the routes of apps/orders on bare
 * Hono, with the same validation library, no @acme/runtime.
 */
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import * as v from "valibot";

const NewItem = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});

const items = new Map<string, { id: string; name: string }>();
const app = new Hono();

app.get("/health", (c) => c.json({ status: "ok", service: "orders" }));

app.post("/items", async (c) => {
  const parsed = v.safeParse(NewItem, await c.req.json());
  if (!parsed.success) return c.json({ title: "Bad Request", status: 400 }, 400);
  const item = { id: crypto.randomUUID(), ...parsed.output };
  items.set(item.id, item);
  console.log(JSON.stringify({ level: "INFO", message: "item created", id: item.id }));
  return c.json(item, 201);
});

app.get("/items/:id", (c) => {
  const item = items.get(c.req.param("id"));
  return item ? c.json(item) : c.json({ title: "Not Found", status: 404 }, 404);
});

export const handler = handle(app);
