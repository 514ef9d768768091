/**
 * The platform's defaults, in one table. Every value is a default: a service that sets the argument
 * itself keeps its own value (see packages/infra/README.md for when it should).
 */
export const defaults = {
  /** Node.js 22 is the newest runtime supported by both Lambda and this workspace's Node 20 tests. */
  runtime: "nodejs22.x",
  /** Graviton: about 20% cheaper per GB-second than x86_64 for the same work. */
  architecture: "arm64",
  memory: "512 MB",
  timeout: "30 seconds",
  /** CloudWatch log retention: long enough for audits in production, cheap elsewhere. */
  logRetention: { production: "3 months", other: "1 week" },
  /**
   * AWS advises a queue visibility timeout of at least six times the consumer's timeout, so that a
   * message is not handed to a second consumer while the first still works on it (and retries).
   */
  visibilityTimeoutFactor: 6,
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 3,
  /**
   * The longest stage name: SST joins app, stage and resource names into AWS names with hard
   * limits (64 characters for a Lambda), and cuts the app name first when they do not fit. The
   * service generator sizes service names for stages up to this length. "production", "staging",
   * "pr-12345" and personal stages such as "jsmith" fit.
   */
  maxStageLength: 16,
  /** Stages whose data is kept when the stage is removed, and whose buckets are versioned. */
  productionStages: ["production"],
} as const;

export type Stage = string;

export function isProductionStage(stage: Stage, productionStages: readonly string[]): boolean {
  return productionStages.includes(stage);
}
