import type {
  CronJob,
  LinkedResource,
  LocalFunction,
  QueueSubscription,
  Route,
  ServiceModel,
} from "./model";

/** The parts of `@acme/sst-offline`'s evaluation that serve reads. */
export interface Evaluation {
  app: { name: string; stage: string };
  resources: EvaluatedResource[];
  links: { name: string; type: string; properties: Record<string, unknown> }[];
  /** Function component name → names of the resources it links. */
  functionLinks?: Record<string, string[]>;
}

export interface EvaluatedResource {
  urn: string;
  type: string;
  name: string;
  parent?: string | undefined;
  inputs: Record<string, unknown>;
}

/** SST's own variables on every function; serve sets its local equivalents itself. */
const SST_OWN_ENV = /^SST_(KEY|KEY_FILE|RESOURCE_App)$/;

/** The function name in a Lambda ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]`). */
function lambdaName(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  const parts = arn.split(":");
  return parts[5] === "function" ? parts[6] : arn;
}

/** The queue name in an SQS ARN. */
function queueName(arn: unknown): string | undefined {
  return typeof arn === "string" ? arn.split(":").at(-1) : undefined;
}

/** The component name of a child's parent URN: `...::sst:aws:Function::ApiHandler` → `ApiHandler`. */
function componentName(parent: string | undefined): string | undefined {
  return parent?.split("::").at(-1);
}

/** The Lambda timeout in seconds, as the evaluated `aws:lambda/function:Function` has it. */
function timeoutOf(inputs: Record<string, unknown>): number {
  return typeof inputs.timeout === "number" ? inputs.timeout : 3;
}

/**
 * The model of a service from its evaluated infra: every `sst.aws.Function` (its Lambda's handler,
 * environment and links), API Gateway v2 routes to the function their integration invokes, SQS
 * event source mappings to their consumer, and EventBridge schedules (Cron and CronV2) to their
 * target. Functions are matched by the Lambda's physical name in ARNs, so routes, subscriptions and
 * schedules made with a function's `arn` resolve the same way as those made with a handler.
 */
export function modelFromEvaluation(evaluation: Evaluation, stage: string): ServiceModel {
  const warnings: string[] = [];
  const byType = (type: string) => evaluation.resources.filter((r) => r.type === type);

  // Lambda physical name → function component name.
  const functionByLambda = new Map<string, string>();
  const functions: LocalFunction[] = [];
  for (const lambda of byType("aws:lambda/function:Function")) {
    const id = componentName(lambda.parent) ?? lambda.name;
    const physical = String(lambda.inputs.name ?? lambda.name);
    functionByLambda.set(physical, id);
    const variables =
      (lambda.inputs.environment as { variables?: Record<string, string> } | undefined)
        ?.variables ?? {};
    const environment = Object.fromEntries(
      Object.entries(variables).filter(([key]) => !SST_OWN_ENV.test(key)),
    );
    functions.push({
      id,
      handler: String(lambda.inputs.handler ?? ""),
      links: evaluation.functionLinks?.[id] ?? [],
      environment,
      timeoutSeconds: timeoutOf(lambda.inputs),
    });
  }
  const functionOf = (arn: unknown, what: string): string | undefined => {
    const name = lambdaName(arn);
    const id = name ? functionByLambda.get(name) : undefined;
    if (!id) warnings.push(`${what} invokes ${String(arn)}, which is not a function of this app.`);
    return id;
  };

  const integrations = new Map(
    byType("aws:apigatewayv2/integration:Integration").map((i) => [i.name, i]),
  );
  const routes: Route[] = [];
  for (const route of byType("aws:apigatewayv2/route:Route")) {
    const routeKey = String(route.inputs.routeKey);
    const target = String(route.inputs.target ?? "").replace(/^integrations\//, "");
    const integration = integrations.get(target);
    if (!integration) {
      warnings.push(`Route "${routeKey}" has no Lambda integration; it is not served locally.`);
      continue;
    }
    const functionId = functionOf(integration.inputs.integrationUri, `Route "${routeKey}"`);
    if (functionId) routes.push({ routeKey, functionId });
  }
  for (const url of byType("aws:lambda/functionUrl:FunctionUrl")) {
    warnings.push(
      `Function URL ${url.name} is not served locally; route it through an API to call it.`,
    );
  }

  // SQS queue physical name → queue component name.
  const sqsQueues = byType("aws:sqs/queue:Queue");
  const queueByPhysical = new Map(
    sqsQueues.map((q) => [String(q.inputs.name), componentName(q.parent) ?? q.name]),
  );
  const queues: QueueSubscription[] = [];
  for (const mapping of byType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
    const physical = queueName(mapping.inputs.eventSourceArn);
    const name = physical ? queueByPhysical.get(physical) : undefined;
    if (!name) continue; // DynamoDB or Kinesis streams: not emulated.
    const functionId = functionOf(mapping.inputs.functionName, `Queue "${name}"`);
    if (!functionId) continue;
    const sqs = sqsQueues.find((q) => String(q.inputs.name) === physical);
    const redrive = sqs?.inputs.redrivePolicy
      ? (JSON.parse(String(sqs.inputs.redrivePolicy)) as {
          deadLetterTargetArn?: string;
          maxReceiveCount?: number;
        })
      : undefined;
    const dlqPhysical = queueName(redrive?.deadLetterTargetArn);
    const responseTypes = (mapping.inputs.functionResponseTypes as string[] | undefined) ?? [];
    queues.push({
      name,
      functionId,
      batchSize: Number(mapping.inputs.batchSize ?? 10),
      maxReceiveCount: redrive?.maxReceiveCount,
      deadLetterQueue: dlqPhysical ? queueByPhysical.get(dlqPhysical) : undefined,
      partialResponses: responseTypes.includes("ReportBatchItemFailures"),
      fifo: sqs?.inputs.fifoQueue === true,
    });
  }

  const crons: CronJob[] = [];
  for (const schedule of byType("aws:scheduler/schedule:Schedule")) {
    const name = componentName(schedule.parent) ?? schedule.name;
    const target = schedule.inputs.target as { arn?: string } | undefined;
    if (schedule.inputs.state === "DISABLED") {
      warnings.push(`Schedule "${name}" is disabled; run it by hand.`);
    }
    const functionId = functionOf(target?.arn, `Schedule "${name}"`);
    if (!functionId) continue;
    crons.push({
      name,
      functionId,
      schedule: String(schedule.inputs.scheduleExpression),
      timezone: String(schedule.inputs.scheduleExpressionTimezone ?? "UTC"),
    });
  }
  const rules = byType("aws:cloudwatch/eventRule:EventRule");
  for (const target of byType("aws:cloudwatch/eventTarget:EventTarget")) {
    const ruleName = String(target.inputs.rule ?? "");
    const rule = rules.find((r) => r.inputs.name === ruleName || r.name === ruleName);
    const expression = rule?.inputs.scheduleExpression;
    if (typeof expression !== "string") continue;
    const name = componentName(rule?.parent) ?? String(rule?.name);
    const functionId = functionOf(target.inputs.arn, `Cron "${name}"`);
    if (functionId) crons.push({ name, functionId, schedule: expression, timezone: "UTC" });
  }

  const links: LinkedResource[] = evaluation.links.map((link) => ({
    name: link.name,
    type: link.type,
    properties: link.properties,
  }));

  return {
    app: evaluation.app.name,
    stage,
    source: "infra",
    functions,
    routes,
    queues,
    crons,
    links,
    warnings,
  };
}
