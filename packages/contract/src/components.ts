/**
 * The names of the SST components the service templates create. The name limits
 * (service-name.ts), the checks and the local runner read them here; a test renders every
 * template, evaluates it, and fails if a template names a component differently.
 */
export const components = {
  /** http: the API Gateway, and the one function behind every route. */
  api: "Api",
  apiHandler: "ApiHandler",
  /** worker: the queue and its consumer. */
  queue: "Queue",
  consumer: "Consumer",
  /** cron: the scheduled job. */
  job: "Job",
  /** --database postgres: the database and the VPC it lives in. */
  vpc: "Vpc",
  database: "Database",
  /**
   * --database postgres: the function that applies migrations/*.sql, invoked on deploy (an
   * `aws.lambda.Invocation`) and by nx serve at start.
   */
  migrator: "Migrator",
  /** --bucket */
  bucket: "Bucket",
} as const;

/**
 * The key of the DynamoDB tables `nx g @acme/platform:resource --type table` adds (string
 * attributes), which nx serve's local DynamoDB creates for each linked table.
 */
export const tableKeys = { hashKey: "pk", rangeKey: "sk" } as const;

/**
 * The dead-letter queue the platform's conventions give a queue is named `<queue>Dlq`
 * (`Queue` → `QueueDlq`). A queue whose name ends so is taken to be a dead-letter queue itself and
 * gets none of its own.
 */
export const DLQ_SUFFIX = "Dlq";

export function deadLetterQueueName(queue: string): string {
  return `${queue}${DLQ_SUFFIX}`;
}

export function isDeadLetterQueueName(name: string): boolean {
  return name.endsWith(DLQ_SUFFIX);
}

/**
 * The suffix SST appends to a component's name for the Pulumi resource it creates
 * (`new sst.aws.Function("ApiHandler")` creates the Lambda `ApiHandlerFunction`).
 */
export const pulumiSuffix = {
  function: "Function",
  queue: "Queue",
  schedule: "Schedule",
  bucket: "Bucket",
  databaseInstance: "Instance",
  natInstanceRole: "NatInstanceRole",
} as const;

/**
 * SST creates a component of its own beside the API for each `api.route(...)`, and beside the queue
 * for `queue.subscribe(...)`, named after it: `<component>Route<6 letters>`,
 * `<component>Subscriber<6 letters>` (the letters hash the route or the subscriber).
 */
export const SST_DERIVED_COMPONENT = /^([A-Z][A-Za-z0-9]*?)(Route|Subscriber)[A-Z][a-z]{5}$/;
