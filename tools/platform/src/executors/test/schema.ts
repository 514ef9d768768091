/** Options of the `@acme/platform:test` executor (schema.json). */
export interface TestExecutorOptions {
  /** The arguments given to Nx after the target (`nx test orders -t "creates an order"`), for Vitest. */
  __unparsed__?: string[];
  /**
   * In a batch, at most this many test files at once (Vitest's `maxWorkers`; the largest any task
   * of the batch sets; default: the machine's cores). A task run alone keeps Vitest's default.
   */
  maxWorkers?: number;
}
