import { defaults } from "@acme/infra/defaults";
import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";
import { arnName, ofType, parseJson, TYPES } from "../resources";
import { finding, type Rule } from "../types";

interface RedrivePolicy {
  deadLetterTargetArn?: string;
  maxReceiveCount?: number;
}

const redrive = (queue: EvaluatedResource) =>
  parseJson(queue.inputs.redrivePolicy) as RedrivePolicy | undefined;
const queueNamed = (evaluation: Evaluation, name: string | undefined) =>
  ofType(evaluation, TYPES.queue).find((queue) => queue.inputs.name === name);

/** The queues that some queue dead-letters into (found by ARN, as AWS does). */
function deadLetterQueues(evaluation: Evaluation): Set<string | undefined> {
  return new Set(
    ofType(evaluation, TYPES.queue).map((queue) => arnName(redrive(queue)?.deadLetterTargetArn)),
  );
}

/** Every queue that is not itself a dead-letter queue has one, after a bounded number of receives. */
export const deadLetterRule: Rule = {
  id: "sqs-dead-letter-queue",
  title: `Every queue that is not a dead-letter queue has one, reached after at most ${defaults.maxReceiveCount} receives`,
  check(evaluation) {
    const dlqs = deadLetterQueues(evaluation);
    return ofType(evaluation, TYPES.queue)
      .filter((queue) => !dlqs.has(String(queue.inputs.name)))
      .flatMap((queue) => {
        const policy = redrive(queue);
        const fix = `Leave the queue's \`dlq\` to the platform (it creates one with retry ${defaults.maxReceiveCount}), or set \`dlq: { queue: <dlq>.arn, retry: ${defaults.maxReceiveCount} }\`.`;
        if (!policy?.deadLetterTargetArn) {
          return [
            finding(
              queue,
              `Queue ${queue.name} has no dead-letter queue: a message that always fails is retried until it expires.`,
              fix,
            ),
          ];
        }
        if (!queueNamed(evaluation, arnName(policy.deadLetterTargetArn))) {
          return [
            finding(
              queue,
              `Queue ${queue.name} dead-letters into ${policy.deadLetterTargetArn}, which this service does not create.`,
              fix,
            ),
          ];
        }
        if ((policy.maxReceiveCount ?? Number.POSITIVE_INFINITY) > defaults.maxReceiveCount) {
          return [
            finding(
              queue,
              `Queue ${queue.name} moves a message to its dead-letter queue after ${policy.maxReceiveCount} receives (at most ${defaults.maxReceiveCount}).`,
              fix,
            ),
          ];
        }
        return [];
      });
  },
};

/** The Lambda function an event source mapping invokes (`functionName` is a name or an ARN). */
function consumerOf(evaluation: Evaluation, mapping: EvaluatedResource) {
  const name = String(mapping.inputs.functionName ?? "");
  const bare = name.startsWith("arn:") ? name.split(":")[6] : name;
  return ofType(evaluation, TYPES.lambda).find((lambda) => lambda.inputs.name === bare);
}

function queueMappings(evaluation: Evaluation) {
  return ofType(evaluation, TYPES.eventSourceMapping).flatMap((mapping) => {
    const queue = queueNamed(evaluation, arnName(mapping.inputs.eventSourceArn));
    return queue ? [{ mapping, queue, consumer: consumerOf(evaluation, mapping) }] : [];
  });
}

/**
 * A queue hides a received message for at least six times its consumer's timeout (AWS's advice;
 * AWS refuses a mapping whose function timeout exceeds the visibility). Checked on the event source
 * mappings themselves, so a queue subscribed by ARN is covered.
 */
export const visibilityRule: Rule = {
  id: "sqs-visibility-covers-consumer",
  title: `A queue's visibility timeout is at least ${defaults.visibilityTimeoutFactor} times the timeout of every function consuming it`,
  check(evaluation) {
    return queueMappings(evaluation).flatMap(({ mapping, queue, consumer }) => {
      if (!consumer) {
        return [
          finding(
            mapping,
            `${mapping.name} delivers ${queue.name} to ${String(mapping.inputs.functionName)}, which this service does not create: its timeout cannot be checked against the queue's visibility.`,
            "Subscribe a function the service creates, or record a waiver naming the consumer.",
          ),
        ];
      }
      const timeout = Number(consumer.inputs.timeout ?? 3);
      const visibility = Number(queue.inputs.visibilityTimeoutSeconds ?? 30);
      const needed = defaults.visibilityTimeoutFactor * timeout;
      if (visibility >= needed) return [];
      return [
        finding(
          queue,
          `Queue ${queue.name} hides a message for ${visibility} s, but its consumer ${consumer.name} may run for ${timeout} s: it needs at least ${needed} s (${defaults.visibilityTimeoutFactor} times the timeout), or the message is delivered again while the first attempt runs${visibility < timeout ? "; AWS refuses this mapping at deploy" : ""}.`,
          `Set visibilityTimeout: "${needed} seconds" on the queue, or lower the consumer's timeout.`,
        ),
      ];
    });
  },
};

/** Queue consumers report partial batch failures, as @acme/runtime's batch handler does. */
export const batchFailuresRule: Rule = {
  id: "sqs-partial-batch-responses",
  title: "Queue consumers report partial batch failures (ReportBatchItemFailures)",
  check(evaluation) {
    return queueMappings(evaluation)
      .filter(
        ({ mapping }) =>
          !((mapping.inputs.functionResponseTypes ?? []) as string[]).includes(
            "ReportBatchItemFailures",
          ),
      )
      .map(({ mapping, queue }) =>
        finding(
          mapping,
          `${mapping.name} (queue ${queue.name}) does not report partial batch failures: Lambda ignores the failures createBatchHandler reports and retries or deletes the whole batch.`,
          "Subscribe with `batch: { partialResponses: true }` (the platform's default): remove the override.",
        ),
      );
  },
};
