export interface EvaluateOptions {
  /** The service folder: the one holding `sst.config.ts`. */
  appDir: string;
  /** The stage passed to `app({ stage })` and used as `$app.stage`. Default "dev". */
  stage?: string;
  /** The value of `$dev` (as under `sst dev`). Default false. */
  dev?: boolean;
  /**
   * The SST platform install to use instead of `<appDir>/.sst/platform` or the workspace's
   * `packages/infra/.sst/platform` (also settable with `SHIPYARD_SST_PLATFORM`).
   */
  platformDir?: string;
  /** Stop the evaluation after this long. Default 120 000 ms. */
  timeoutMs?: number;
}

export interface ResourceOptions {
  retainOnDelete?: boolean;
  protect?: boolean;
  ignoreChanges?: string[];
  /** Explicit dependencies (URNs), as Pulumi sends them: components expanded to their resources. */
  dependsOn?: string[];
  deleteBeforeReplace?: boolean;
}

export interface EvaluatedResource {
  urn: string;
  /** The Pulumi type token, e.g. "aws:lambda/function:Function" or "sst:aws:Function". */
  type: string;
  /** The logical name, e.g. "ApiFunction". */
  name: string;
  /** The mock id of a custom resource (derived from its name: `vpc-…`, the bucket name…). */
  id?: string;
  /** The parent's URN; absent for resources at the top of the stack. */
  parent?: string;
  /**
   * The inputs as sent to the engine: secrets unwrapped, resource references as URNs, assets as
   * `{ $asset, path | text | uri }` and archives as `{ $archive, path | assets | uri }`.
   */
  inputs: Record<string, unknown>;
  options: ResourceOptions;
}

export interface LinkedResource {
  /** The linkable's name, as in `Resource.<name>`. */
  name: string;
  /** e.g. "sst.aws.Bucket". */
  type: string;
  /** What `Resource.<name>` holds at run time (SST's link properties, `type` included). */
  properties: Record<string, unknown>;
}

export interface Evaluation {
  app: { name: string; stage: string; removal?: string; protect?: boolean };
  /** Every resource the program registered, sorted by URN (the root stack left out). */
  resources: EvaluatedResource[];
  /** The stack outputs: what `run()` returned, without SST's internal `_` keys. */
  outputs: Record<string, unknown>;
  /** Every linkable the program created (SST's `LinkRef`s), sorted by name. */
  links: LinkedResource[];
  /** For every function built: the names of the resources it links, sorted. */
  functionLinks: Record<string, string[]>;
}

export interface RenderLinkTypesOptions {
  /** Type only these links (default: every resource that a function links). */
  only?: string[];
}
