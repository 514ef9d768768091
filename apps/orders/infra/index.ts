/// <reference path="../.sst/platform/config.d.ts" />

/**
 * The API Gateway routes. All of them invoke ONE function, which runs the Hono app in src/app.ts:
 * a request for another route gets API Gateway's 404 without invoking the function, and each
 * route has its own API Gateway metrics. Add a route here when you add one to the app
 * (infra/infra.test.ts checks that the app serves every route listed here).
 */
export const routes = ["GET /health", "POST /items", "GET /items/{id}"] as const;

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

  // The function is created here (not by api.route) so that every route shares it, and its
  // name stays short: see generators/service/README.md, "Name lengths".
  const handler = new sst.aws.Function("ApiHandler", {
    handler: "src/handler.handler",
    link: [database],
    vpc,
  });
  const api = new sst.aws.ApiGatewayV2("Api");
  for (const route of routes) api.route(route, handler.arn);

  return { url: api.url };
}
