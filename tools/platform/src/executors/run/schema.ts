/** Options of the `@acme/platform:run` executor (schema.json). */
export interface RunExecutorOptions {
  package: string;
  bin: string;
  args: string[];
  cwd?: string;
  validateStage?: boolean;
  /** The arguments given to Nx after the target, as the user typed them (filled in by Nx). */
  __unparsed__?: string[];
}
