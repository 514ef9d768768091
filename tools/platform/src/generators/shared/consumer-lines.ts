/**
 * The lines of a consumer's infra file (generators/consumer/new/infra-consumer.ts.ejs.t) and of
 * its call in infra/index.ts that differ when the service has a database: the consumer template
 * renders them, and `resource --type postgres` swaps them in the consumers made before it, so
 * both orders give the same files.
 */
export const consumerLines = {
  /** The consumer function's parameters: the service's VPC and its database. */
  parameters: "vpc: sst.aws.Vpc, database: sst.aws.Postgres",
  /** What infra() passes, from its own `vpc` and `database`. */
  arguments: "vpc, database",
  linkWithout: "    link: [queue, ...linkedResources()],",
  linkWith: "    link: [queue, database, ...linkedResources()],",
  vpc: "    vpc,",
} as const;

/**
 * The line of infra/index.ts after which infra() has its `vpc` and `database`: a consumer's call
 * goes after it (before it, they do not exist yet). The service template writes it.
 */
export const DATABASE_READY = "  migrateOnDeploy(vpc, database);";

/** The first line of a consumer's function, with or without the database's parameters. */
export function consumerSignature(functionName: string, database: boolean): string {
  return `export function ${functionName}(${database ? consumerLines.parameters : ""}) {`;
}

/** Its call in infra(), with or without the database's arguments. */
export function consumerCall(functionName: string, database: boolean): string {
  return `  ${functionName}(${database ? consumerLines.arguments : ""});`;
}
