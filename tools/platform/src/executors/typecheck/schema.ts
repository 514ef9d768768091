/** Options of the `@acme/platform:typecheck` executor (schema.json). */
export interface TypecheckExecutorOptions {
  /** The project's tsconfig, relative to the project's folder (default `tsconfig.json`). */
  tsconfig?: string;
}
