/** Options of `nx g @acme/platform:remove-service`, as in schema.json. */
export interface RemoveServiceGeneratorSchema {
  service: string;
  stagesRemoved?: boolean;
  skipInstall?: boolean;
}
