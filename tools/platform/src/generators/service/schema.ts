import type { ServiceKind } from "@acme/contract";

/**
 * Options of `nx g @acme/platform:service`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface ServiceGeneratorSchema {
  name: string;
  kind: ServiceKind;
  owner: string;
  description?: string;
  database?: "none" | "postgres";
  bucket?: boolean;
  schedule?: string;
  skipInstall?: boolean;
}
