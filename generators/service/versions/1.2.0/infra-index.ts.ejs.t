---
to: apps/<%= name %>/infra/index.ts
---
/// <reference path="../.sst/platform/config.d.ts" />
<%_ if (database === "postgres") { _%>
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
<%_ } _%>
import { linkedResources } from "./resources";
<%_ if (kind === "http") { _%>

/**
 * The API Gateway routes. All of them invoke ONE function, which runs the Hono app in src/app.ts:
 * a request for another route gets API Gateway's 404 without invoking the function, and each
 * route has its own API Gateway metrics. Add a route here when you add one to the app
 * (infra/infra.test.ts checks that the app serves every route listed here).
 */
<%_ const apiRoutes = ["GET /health", "POST /items", "GET /items/{id}", ...(bucket ? ["PUT /files/{key}", "GET /files/{key}"] : [])]; _%>
export const routes = [
  // One route per line (`nx g @<%= org %>/platform:route` adds them here).
<%_ for (const route of apiRoutes) { _%>
  "<%- route %>",
<%_ } _%>
] as const;
<%_ } _%>

/**
 * The <%= name %> service's resources. SST's globals (`sst`, `$app`, `$dev`) are typed by the
 * reference above; the platform's conventions are applied before this runs (sst.config.ts).
 */
export function infra() {
<%_ if (database === "postgres") { _%>
  // Functions that reach the database run in the VPC; its NAT instance lets them reach AWS APIs.
  const vpc = new sst.aws.Vpc("Vpc", { nat: "ec2" });
  const database = new sst.aws.Postgres("Database", {
    vpc,
    // `sst dev` uses a local Postgres instead, e.g.
    // docker run -p 5432:5432 -e POSTGRES_PASSWORD=postgres postgres:17
    dev: {
      username: "postgres",
      password: "postgres",
      database: "<%= h.changeCase.snake(name) %>",
      host: "localhost",
      port: 5432,
    },
  });
  migrateOnDeploy(vpc, database);
<%_ } _%>
<%_ if (bucket) { _%>
  const bucket = new sst.aws.Bucket("Bucket");
<%_ } _%>
<%_ if (kind === "http") { _%>
<%_ if (links.length > 0) { _%>

<%_ } _%>
  // The function is created here (not by api.route) so that every route shares it, and its
  // name stays short: see generators/service/README.md, "Name lengths".
  const handler = new sst.aws.Function("ApiHandler", {
    handler: "src/handler.handler",
    link: [<%- [...links, "...linkedResources()"].join(", ") %>],
<%_ if (database === "postgres") { _%>
    vpc,
<%_ } _%>
  });
  const api = new sst.aws.ApiGatewayV2("Api");
  for (const route of routes) api.route(route, handler.arn);

  return { url: api.url };
<%_ } else if (kind === "worker") { _%>
<%_ if (links.length > 0) { _%>

<%_ } _%>
  // The platform's conventions (@<%= org %>/infra) give the queue its dead-letter queue,
  // "QueueDlq" (a message moves there after 3 failed receives), and a visibility timeout that
  // fits the consumer.
  const queue = new sst.aws.Queue("Queue");
  // The function is created here (not by queue.subscribe) so that its name stays short: see
  // generators/service/README.md, "Name lengths". Linking the queue grants it SQS access.
  const consumer = new sst.aws.Function("Consumer", {
    handler: "src/consumer.handler",
    link: [<%- ["queue", ...links, "...linkedResources()"].join(", ") %>],
<%_ if (database === "postgres") { _%>
    vpc,
<%_ } _%>
  });
  queue.subscribe(consumer.arn, { batch: { partialResponses: true } });

  return { queueUrl: queue.url };
<%_ } else { _%>
<%_ if (links.length > 0) { _%>

<%_ } _%>
  new sst.aws.CronV2("Job", {
    schedule: "<%= schedule %>",
    function: {
      handler: "src/job.handler",
      link: [<%- [...links, "...linkedResources()"].join(", ") %>],
    },
  });
<%_ } _%>
}
<%_ if (database === "postgres") { _%>

/**
 * Applies migrations/*.sql on deploy: the Migrator function (src/migrate.ts) runs in the VPC with
 * the migrations copied next to its code, and the invocation runs it whenever the migrations
 * change (their hash is its trigger). A failing migration fails the deploy, before the new code
 * serves traffic that needs it. `nx serve` runs the same function at start.
 */
function migrateOnDeploy(vpc: sst.aws.Vpc, database: sst.aws.Postgres) {
  const migrator = new sst.aws.Function("Migrator", {
    handler: "src/migrate.handler",
    link: [database],
    vpc,
    copyFiles: [{ from: "migrations", to: "migrations" }],
    timeout: "5 minutes",
  });
  new aws.lambda.Invocation("MigratorInvocation", {
    functionName: migrator.name,
    input: JSON.stringify({}),
    triggers: { migrations: migrationsHash(join($cli.paths.root, "migrations")) },
  });
}

/** One hash over the migration files' names and contents. */
function migrationsHash(folder: string): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(folder).sort()) {
    hash.update(`${file}\0${readFileSync(join(folder, file), "utf8")}\0`);
  }
  return hash.digest("hex");
}
<%_ } _%>
