/** Options of `nx g @acme/platform:service`, as in schema.json. */
export interface ServiceGeneratorSchema {
  name: string;
  kind: "http" | "worker" | "cron";
  owner: string;
  description?: string;
  database?: "none" | "postgres";
  bucket?: boolean;
  schedule?: string;
  skipInstall?: boolean;
}
