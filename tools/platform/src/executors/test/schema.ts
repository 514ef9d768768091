/** Options of the `@acme/platform:test` executor (schema.json). */
export interface TestExecutorOptions {
  /** The arguments given to Nx after the target (`nx test orders -t "creates an order"`), for Vitest. */
  __unparsed__?: string[];
}
