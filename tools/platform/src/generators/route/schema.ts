/**
 * Options of `nx g @acme/platform:route`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface RouteGeneratorSchema {
  service: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
}
