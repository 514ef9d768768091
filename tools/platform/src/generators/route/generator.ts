import { join } from "node:path";
import type { Tree } from "@nx/devkit";
import { renderIntoTree } from "../../hygen";
import { logger } from "../shared/devkit";
import { GrowError, literal, readService, requireAnchor } from "../shared/service";
import { handlerAnchor } from "./handler-anchor";
import type { RouteGeneratorSchema } from "./schema";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const SEGMENT = /^(?:[a-z0-9][a-z0-9_-]*|\{[a-z][A-Za-z0-9]*\})$/;

/** The route's parts, validated: what the templates get. */
export interface RouteVariables {
  service: string;
  org: string;
  method: string;
  /** `/orders/{id}`, as API Gateway and infra/index.ts write it. */
  path: string;
  /** `/orders/:id`, as Hono writes it. */
  honoPath: string;
  /** `POST /orders/{id}`. */
  routeKey: string;
  params: string[];
  /** Regular expressions (as text) for the templates' `skip_if`. */
  skip: { app: string; infra: string; test: string };
}

/** Checks the method and path; every problem says its fix. */
export function routeVariables(
  options: RouteGeneratorSchema,
  service: string,
  org: string,
): RouteVariables {
  const method = typeof options.method === "string" ? options.method.trim().toUpperCase() : "";
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) {
    throw new GrowError(
      `Unknown method "${String(options.method)}": use --method ${ROUTE_METHODS.join("|")}.`,
    );
  }
  const path = typeof options.path === "string" ? options.path.trim() : "";
  if (!path.startsWith("/")) {
    throw new GrowError(`The path must start with "/", e.g. --path /orders/{id} (got "${path}").`);
  }
  const segments = path === "/" ? [] : path.slice(1).split("/");
  const bad = segments.find((segment) => !SEGMENT.test(segment));
  if (bad !== undefined) {
    throw new GrowError(
      `Path segment "${bad}" of ${path} is not allowed: use lowercase letters, digits, "-" or "_" (e.g. order-items), or a parameter in braces with a camelCase name (e.g. {orderId}); no trailing "/".`,
    );
  }
  const params = segments.filter((s) => s.startsWith("{")).map((s) => s.slice(1, -1));
  const duplicate = params.find((param, index) => params.indexOf(param) !== index);
  if (duplicate)
    throw new GrowError(
      `The parameter {${duplicate}} appears twice in ${path}: name each one differently.`,
    );
  const honoPath = `/${segments.map((s) => (s.startsWith("{") ? `:${s.slice(1, -1)}` : s)).join("/")}`;
  const routeKey = `${method} ${path}`;
  return {
    service,
    org,
    method,
    path,
    honoPath,
    routeKey,
    params,
    skip: {
      app: `app\\.${method.toLowerCase()}\\("${literal(honoPath)}"`,
      infra: `\\n  "${literal(routeKey)}",\\n`,
      test: `it\\("answers ${literal(routeKey)}"`,
    },
  };
}

/**
 * `nx g @acme/platform:route <service> --method POST --path /orders/{id}`: adds the handler to
 * src/app.ts, the route to `routes` in infra/index.ts and a test to src/app.test.ts, through the
 * hygen templates in generators/route/new (inject + skip_if: a second run changes nothing).
 * Every check runs before anything is written.
 */
export async function routeGenerator(tree: Tree, options: RouteGeneratorSchema): Promise<void> {
  const service = readService(tree, options.service);
  if (service.kind !== "http") {
    throw new GrowError(
      `${service.name} is a ${service.kind} service: routes belong to http services. Add a consumer (nx g @${service.org}/platform:consumer) or create an http service.`,
    );
  }
  const variables = routeVariables(options, service.name, service.org);
  refuseRouteServedElsewhere(tree, service.root, service.name, variables);
  refuseRenamedParameters(tree, service.root, service.name, variables.routeKey);
  requireAnchor(tree, `${service.root}/src/app.ts`, /\n {2}return app;\n\}/, "routes");
  requireAnchor(tree, `${service.root}/infra/index.ts`, /\n\] as const;/, "API routes");
  requireAnchor(tree, `${service.root}/src/app.test.ts`, /\n\}\);\n?$/, "tests");

  const result = await renderIntoTree(tree, {
    templates: join(tree.root, "generators"),
    generator: "route",
    action: "new",
    variables: {
      ...variables,
      anchor: {
        app: handlerAnchor(
          tree.read(`${service.root}/src/app.ts`, "utf-8") ?? "",
          variables.method,
          variables.honoPath,
        ),
      },
    },
  });
  const changed = result.files.filter((file) => file.status !== "unchanged").length;
  logger.info(
    changed === 0
      ? `${variables.routeKey} is already in ${service.name}: nothing to change.`
      : `Added ${variables.routeKey} to ${service.name}. Next: nx test ${service.name}`,
  );
}

/**
 * A route the API already has (in `routes` of infra/index.ts) whose handler this command did not
 * write: the template's own (`GET /health` is answered by @acme/runtime, `GET /items/{id}` by the
 * generated app) or a team's. Adding a placeholder handler and its test would shadow or
 * duplicate it and fail the service's tests, so nothing is written. A route this command added
 * has its test in src/app.test.ts, and a second run of it changes nothing.
 */
function refuseRouteServedElsewhere(
  tree: Tree,
  root: string,
  service: string,
  variables: RouteVariables,
): void {
  const infra = tree.read(`${root}/infra/index.ts`, "utf-8") ?? "";
  const tests = tree.read(`${root}/src/app.test.ts`, "utf-8") ?? "";
  const listed = new RegExp(variables.skip.infra).test(infra);
  // What this command adds carries its test, named after the route.
  const added = new RegExp(variables.skip.test).test(tests);
  if (listed && !added) {
    throw new GrowError(
      `${variables.routeKey} is already a route of ${service} (routes in ${root}/infra/index.ts), answered by code this command did not write: nothing was added. To change what it answers, edit its handler (src/app.ts, or @acme/runtime for GET /health); for a new route, choose another method or path.`,
    );
  }
}

/**
 * A route that differs from one the API has only in its parameters' names (`GET /items/{itemId}`
 * beside `GET /items/{id}`): Hono matches a request to the first one registered, so the new
 * handler would never run and its own test would fail.
 */
function refuseRenamedParameters(tree: Tree, root: string, service: string, routeKey: string) {
  const shape = (key: string) => key.replace(/\{[^}]*\}/g, "{}");
  const infra = tree.read(`${root}/infra/index.ts`, "utf-8") ?? "";
  const listed = [...infra.matchAll(/^ {2}"([A-Z]+ \/[^"]*)",$/gm)].map((match) => match[1] ?? "");
  const same = listed.find((key) => key !== routeKey && shape(key) === shape(routeKey));
  if (same !== undefined) {
    throw new GrowError(
      `${routeKey} is the route ${same} of ${service} with other parameter names: the app matches a request to the first of them, so the new handler would never run. Choose another path; to change what ${same} answers, edit its handler in src/app.ts.`,
    );
  }
}

export default routeGenerator;
