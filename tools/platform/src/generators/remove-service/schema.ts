/**
 * Options of `nx g @acme/platform:remove-service`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface RemoveServiceGeneratorSchema {
  service: string;
  stagesRemoved?: boolean;
  skipInstall?: boolean;
}
