import { METHOD_NAME_ALL } from "hono/router";
import { TrieRouter } from "hono/router/trie-router";
import type { RouterRoute } from "hono/types";

/**
 * Finds the methods registered for a path, by matching the app's routes with Hono's own router so
 * that parameters (`/orders/:id`), regexp parameters, optional parameters and wildcards match
 * exactly as they do when dispatching. Middleware (`ALL`) routes are ignored.
 */
export class AllowedMethods {
  readonly #routes: readonly RouterRoute[];
  #router: TrieRouter<string> | undefined;

  constructor(routes: readonly RouterRoute[]) {
    this.#routes = routes;
  }

  /** The methods, sorted, with `HEAD` added when `GET` is there (Hono answers HEAD with GET). */
  for(path: string): string[] {
    const methods = new Set(
      this.#getRouter()
        .match(METHOD_NAME_ALL, path)[0]
        .map(([m]) => m),
    );
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  }

  #getRouter(): TrieRouter<string> {
    // Built on first use: Hono refuses new routes once it has served a request, so the list is
    // final by the time a request falls through to "not found".
    if (!this.#router) {
      this.#router = new TrieRouter<string>();
      for (const route of this.#routes) {
        if (route.method !== METHOD_NAME_ALL) {
          this.#router.add(METHOD_NAME_ALL, route.path, route.method.toUpperCase());
        }
      }
    }
    return this.#router;
  }
}
