---
to: apps/<%= name %>/infra/index.ts
---
/// <reference path="../.sst/platform/config.d.ts" />
<%_ if (kind === "http") { _%>

/**
 * The API Gateway routes. All of them invoke ONE function, which runs the Hono app in src/app.ts:
 * a request for another route gets API Gateway's 404 without invoking the function, and each
 * route has its own API Gateway metrics. Add a route here when you add one to the app
 * (infra/infra.test.ts checks that the app serves every route listed here).
 */
export const routes = ["GET /health", "POST /items", "GET /items/{id}"] as const;
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
<%_ if (links.length > 0) { _%>
    link: [<%- links.join(", ") %>],
<%_ } _%>
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
    link: [<%- ["queue", ...links].join(", ") %>],
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
<%_ if (links.length > 0) { _%>
    function: { handler: "src/job.handler", link: [<%- links.join(", ") %>] },
<%_ } else { _%>
    function: "src/job.handler",
<%_ } _%>
  });
<%_ } _%>
}
