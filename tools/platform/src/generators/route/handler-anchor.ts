import { literal } from "../shared/service";

/** Where the route template injects by default: at the end of the app's routes. */
export const END_OF_ROUTES = "^  return app;$";

const HANDLER = /^ {2}app\.(get|post|put|patch|delete)\("([^"]*)"/;

/**
 * The `before` anchor (a regular expression, as text) for a new handler in src/app.ts. API
 * Gateway sends a request to the most specific route (`GET /items/export` before
 * `GET /items/{id}`), but Hono answers with the first handler registered that matches. So a new
 * route goes before the first handler that would match all of its requests, with the comment
 * lines right above that handler; otherwise at the end, as before.
 */
export function handlerAnchor(app: string, method: string, honoPath: string): string {
  const lines = app.split("\n");
  const index = lines.findIndex((line) => {
    const handler = HANDLER.exec(line);
    return (
      handler?.[1] === method.toLowerCase() &&
      handler[2] !== honoPath &&
      matchesEvery(handler[2] ?? "", honoPath)
    );
  });
  if (index < 0) return END_OF_ROUTES;
  const first = commentStart(lines, index);
  // Lines above the handler make the pattern span lines, which hygen's injector matches in the
  // whole text (from its first line) after finding no single line that matches.
  return `^${[...lines.slice(first, index), lines[index] ?? ""].map(literal).join("\\n")}$`;
}

/** Whether the Hono path `earlier` matches every request path of `later`. */
function matchesEvery(earlier: string, later: string): boolean {
  const [a, b] = [earlier.split("/"), later.split("/")];
  return (
    a.length === b.length &&
    a.every(
      (segment, i) => segment.startsWith(":") || (segment === b[i] && !segment.startsWith(":")),
    )
  );
}

/** The first line of the `//` and `/** ... *\/` comments right above line `index`. */
function commentStart(lines: string[], index: number): number {
  let first = index;
  for (;;) {
    const above = lines[first - 1] ?? "";
    if (/^ {2}\/\//.test(above)) {
      first -= 1;
    } else if (/^ {2}(\/\*\*.*)?\*\/$/.test(above) || /^ {2} \*\/$/.test(above)) {
      let open = first - 1;
      while (open > 0 && !/^ {2}\/\*/.test(lines[open] ?? "")) open -= 1;
      first = open;
    } else {
      return first;
    }
  }
}
