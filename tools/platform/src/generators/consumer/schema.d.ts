/** Options of `nx g @acme/platform:consumer`, as in schema.json. */
export interface ConsumerGeneratorSchema {
  service: string;
  name: string;
}
