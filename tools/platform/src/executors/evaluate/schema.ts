/** Options of the `@acme/platform:evaluate` executor (schema.json). */
export interface EvaluateExecutorOptions {
  /** The stages to evaluate. */
  stages: string[];
  /** Skip, without failing, a stage whose sst.Secret has no value (default true). */
  skipUnsetSecrets?: boolean;
  /** At most this many runner processes side by side (default: the machine's cores). */
  processes?: number;
}
