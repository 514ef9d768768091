import { components, deadLetterQueueName, pulumiSuffix } from "./components.js";
import { MAX_STAGE_LENGTH } from "./stage.js";

/**
 * Limits on service names that come from the AWS names SST derives from them.
 *
 * SST names a physical resource `physicalName(max, name)` (`.sst/platform/src/components/naming.ts`):
 * `prefixName(max - 9 - suffix.length, name)` plus `-` and 8 random characters (plus `.fifo` on
 * FIFO queues). `prefixName(m, name)` gives `${app}-${stage}-${name}` and, when that is longer
 * than `m`, cuts the app name first, then drops it. `name` is the Pulumi name of the resource
 * (the component name plus a suffix such as `Function`), `app` is the service name (its SST app
 * name), `stage` is used as is.
 *
 * So `${service}-${stage}-${resource}` is written in full when
 *
 *     service.length <= (awsLimit - 9 - suffix.length) - 2 - stage.length - resource.length
 *
 * The templates choose the component names (components.ts) so that the longest names stay short:
 *
 * | kind / option | longest Pulumi name (length) | AWS limit | room for the service |
 * | --- | --- | --- | --- |
 * | http | `ApiHandlerFunction` (18), Lambda | 64 | 64 - 9 - 2 - 16 - 18 = 19 |
 * | worker | `ConsumerFunction` (16), Lambda | 64 | 21 |
 * | worker | `QueueDlqQueue` (13), SQS (the dead-letter queue the conventions add) | 80 | 40 |
 * | cron | `JobHandlerFunction` (18), Lambda | 64 | 19 |
 * | cron | `JobSchedule` (11), EventBridge Scheduler | 64 | 26 |
 * | `--database postgres` | `VpcNatInstanceRole` (18), IAM role | 64 | 19 |
 * | `--database postgres` | `DatabaseInstance` (16), RDS identifier | 63 | 20 |
 * | `--database postgres` | `MigratorFunction` (16), Lambda | 64 | 21 |
 * | `--bucket` | `BucketBucket` (12), S3 bucket | 63 | 24 |
 *
 * (with a stage of at most {@link MAX_STAGE_LENGTH} characters). Hence a service name has at most
 * 19 characters. Had the templates used `api.route("GET /x", "src/handler.handler")`, SST would
 * name the route's Lambda `ApiRoute<hash6>HandlerFunction` (29 characters: room for 8), and
 * `queue.subscribe("src/consumer.handler")` names it `QueueSubscriber<hash6>FunctionFunction`
 * (37: no room at all with a 16-character stage); that is why the templates create the function
 * themselves and route or subscribe it by ARN.
 */

/** `-` plus SST's 8 random characters, appended to every physical name. */
export const SST_RANDOM_SUFFIX_LENGTH = 9;

export const SERVICE_KINDS = ["http", "worker", "cron"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** A service name: kebab-case, starting with a letter. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface ServiceShape {
  database?: string | undefined;
  bucket?: boolean | undefined;
}

/** A physical AWS name created for a service: the Pulumi name SST prefixes, and AWS's limit. */
export interface PhysicalName {
  resource: string;
  awsLimit: number;
  what: string;
  /** Characters SST appends after the random part (`.fifo`). */
  suffix?: string;
}

const LAMBDA = { awsLimit: 64, what: "Lambda function" };

/** The physical names that bound the service name, for a kind and its options. */
export function physicalNames(kind: ServiceKind, options: ServiceShape): PhysicalName[] {
  const names: PhysicalName[] = [];
  if (kind === "http") {
    names.push({ resource: `${components.apiHandler}${pulumiSuffix.function}`, ...LAMBDA });
  }
  if (kind === "worker") {
    names.push(
      { resource: `${components.consumer}${pulumiSuffix.function}`, ...LAMBDA },
      {
        resource: `${deadLetterQueueName(components.queue)}${pulumiSuffix.queue}`,
        awsLimit: 80,
        what: "SQS queue",
      },
    );
  }
  if (kind === "cron") {
    names.push(
      // CronV2 names its function `<name>Handler`.
      { resource: `${components.job}Handler${pulumiSuffix.function}`, ...LAMBDA },
      {
        resource: `${components.job}${pulumiSuffix.schedule}`,
        awsLimit: 64,
        what: "EventBridge schedule",
      },
    );
  }
  if (options.database === "postgres") {
    names.push(
      {
        resource: `${components.vpc}${pulumiSuffix.natInstanceRole}`,
        awsLimit: 64,
        what: "IAM role",
      },
      {
        resource: `${components.database}${pulumiSuffix.databaseInstance}`,
        awsLimit: 63,
        what: "RDS instance identifier",
      },
      { resource: `${components.migrator}${pulumiSuffix.function}`, ...LAMBDA },
    );
  }
  if (options.bucket) {
    names.push({
      resource: `${components.bucket}${pulumiSuffix.bucket}`,
      awsLimit: 63,
      what: "S3 bucket",
    });
  }
  return names;
}

/**
 * The SST components a service of this kind and these options creates at the top of its stack:
 * the templates' components (with Postgres, the `Migrator` function that applies the migrations),
 * plus the dead-letter queue the conventions give a queue.
 */
export function serviceComponents(kind: ServiceKind, options: ServiceShape): string[] {
  const names: string[] = [];
  if (kind === "http") names.push(components.api, components.apiHandler);
  if (kind === "worker") {
    names.push(components.queue, deadLetterQueueName(components.queue), components.consumer);
  }
  if (kind === "cron") names.push(components.job);
  if (options.database === "postgres") {
    names.push(components.vpc, components.database, components.migrator);
  }
  if (options.bucket) names.push(components.bucket);
  return names;
}

/** Room for the service name in one physical name, per the derivation above. */
export function roomFor(name: PhysicalName, stageLength = MAX_STAGE_LENGTH): number {
  const max = name.awsLimit - SST_RANDOM_SUFFIX_LENGTH - (name.suffix?.length ?? 0);
  return max - 2 - stageLength - name.resource.length;
}

/** The longest service name whose AWS names are all written in full, and the name that binds. */
export function maxServiceNameLength(
  kind: ServiceKind,
  options: ServiceShape,
): { max: number; binding: PhysicalName } {
  const names = physicalNames(kind, options);
  let binding = names[0] as PhysicalName;
  for (const name of names) if (roomFor(name) < roomFor(binding)) binding = name;
  return { max: roomFor(binding), binding };
}
