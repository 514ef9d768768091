import { createHttpApp, resource, toLambdaHandler } from "@acme/runtime";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import pg from "pg";

const app = createHttpApp({ service: "fixture-http" });

let pool: pg.Pool | undefined;
function db(): pg.Pool {
  const { host, port, username, password, database } = resource("Database" as never) as {
    host: string;
    port: number;
    username: string;
    password: string;
    database: string;
  };
  pool ??= new pg.Pool({ host, port, user: username, password, database, max: 2 });
  return pool;
}

app.post("/notes", async (c) => {
  const { text } = await c.req.json<{ text: string }>();
  await db().query("create table if not exists notes (id serial primary key, text text not null)");
  const { rows } = await db().query("insert into notes (text) values ($1) returning id", [text]);
  return c.json({ id: rows[0].id, text }, 201);
});

app.put("/files/:key", async (c) => {
  const { name } = resource("Bucket" as never) as { name: string };
  const s3 = new S3Client({});
  await s3.send(
    new PutObjectCommand({
      Bucket: name,
      Key: `uploads/${c.req.param("key")}`,
      Body: await c.req.text(),
      ContentType: "text/plain",
    }),
  );
  return c.json({ bucket: name, key: `uploads/${c.req.param("key")}` }, 201);
});

app.get("/version", (c) => c.json({ version: 1 }));

export const handler = toLambdaHandler(app);
