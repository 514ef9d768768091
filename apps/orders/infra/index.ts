/// <reference path="../.sst/platform/config.d.ts" />
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { linkedResources } from "./resources";

/**
 * The API Gateway routes. All of them invoke ONE function, which runs the Hono app in src/app.ts:
 * a request for another route gets API Gateway's 404 without invoking the function, and each
 * route has its own API Gateway metrics. Add a route here when you add one to the app
 * (infra/infra.test.ts checks that the app serves every route listed here).
 */
export const routes = [
  // One route per line (`nx g @acme/platform:route` adds them here).
  "GET /health",
  "POST /items",
  "GET /items/{id}",
] as const;

/**
 * The orders service's resources. SST's globals (`sst`, `$app`, `$dev`) are typed by the
 * reference above; the platform's conventions are applied before this runs (sst.config.ts).
 */
export function infra() {
  // Functions that reach the database run in the VPC; its NAT instance lets them reach AWS APIs.
  const vpc = new sst.aws.Vpc("Vpc", { nat: "ec2" });
  const database = new sst.aws.Postgres("Database", {
    vpc,
    // `sst dev` uses a local Postgres instead, e.g.
    // docker run -p 5432:5432 -e POSTGRES_PASSWORD=postgres postgres:17
    dev: {
      username: "postgres",
      password: "postgres",
      database: "orders",
      host: "localhost",
      port: 5432,
    },
  });
  migrateOnDeploy(vpc, database);

  // The function is created here (not by api.route) so that every route shares it, and its
  // name stays short: see generators/service/README.md, "Name lengths".
  const handler = new sst.aws.Function("ApiHandler", {
    handler: "src/handler.handler",
    link: [database, ...linkedResources()],
    vpc,
  });
  const api = new sst.aws.ApiGatewayV2("Api");
  for (const route of routes) api.route(route, handler.arn);

  return { url: api.url };
}

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
