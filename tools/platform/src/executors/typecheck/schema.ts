/** Options of the `@acme/platform:typecheck` executor (schema.json). */
export interface TypecheckExecutorOptions {
  /** The project's tsconfig, relative to the project's folder (default `tsconfig.json`). */
  tsconfig?: string;
  /**
   * In a batch, at most this many single-threaded compiler processes (the largest any task of
   * the batch sets; default: the machine's cores).
   */
  processes?: number;
}
