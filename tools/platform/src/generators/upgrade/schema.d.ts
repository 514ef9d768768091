/** Options of `nx g @acme/platform:upgrade`, as in schema.json. */
export interface UpgradeGeneratorSchema {
  projects?: string;
  all?: boolean;
  to?: string;
}
