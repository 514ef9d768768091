/** Options of `nx g @acme/platform:resource`, as in schema.json. */
export interface ResourceGeneratorSchema {
  service: string;
  type: "bucket" | "queue" | "secret" | "table" | "postgres";
  name: string;
}
