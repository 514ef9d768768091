/** Options of `nx g @acme/platform:route`, as in schema.json. */
export interface RouteGeneratorSchema {
  service: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
}
