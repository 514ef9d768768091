/** Options of `nx g @acme/platform:rename-service`, as in schema.json. */
export interface RenameServiceGeneratorSchema {
  service: string;
  newName: string;
  skipInstall?: boolean;
}
