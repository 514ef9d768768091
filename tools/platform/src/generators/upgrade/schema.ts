/**
 * Options of `nx g @acme/platform:upgrade`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface UpgradeGeneratorSchema {
  projects?: string;
  all?: boolean;
  to?: string;
}
