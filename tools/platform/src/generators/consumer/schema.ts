/**
 * Options of `nx g @acme/platform:consumer`. schema.json describes them to Nx, and
 * ../schemas.test.ts fails when the two disagree (names, required options, choices).
 */
export interface ConsumerGeneratorSchema {
  service: string;
  name: string;
}
