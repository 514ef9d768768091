/**
 * The platform's infra defaults, in one table (what other packages must agree on, such as the stage
 * rules and the production stages, is in @acme/contract). Every value is a default: a service that sets the argument
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
} as const;
