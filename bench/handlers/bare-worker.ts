/**
 * The baseline for the worker kind (bench/handler-cold-start.mts): apps/notifications' consumer
 * as a plain SQS handler with partial batch failures, the same validation library, no
 * @acme/runtime.
 */
import * as v from "valibot";

const Message = v.object({ id: v.pipe(v.string(), v.minLength(1)) });

interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

export const handler = async (event: SqsEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const { id } = v.parse(Message, JSON.parse(record.body));
      console.log(JSON.stringify({ level: "INFO", message: "message handled", id }));
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
