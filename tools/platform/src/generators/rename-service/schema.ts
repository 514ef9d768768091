/**
 * Options of `nx g @acme/platform:rename-service`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface RenameServiceGeneratorSchema {
  service: string;
  newName: string;
  skipInstall?: boolean;
}
