/**
 * Options of `nx g @acme/platform:resource`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface ResourceGeneratorSchema {
  service: string;
  type: "bucket" | "queue" | "secret" | "table" | "postgres";
  name: string;
  skipInstall?: boolean;
}
