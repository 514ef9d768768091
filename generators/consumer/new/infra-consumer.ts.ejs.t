---
to: apps/<%= service %>/infra/<%= fileBase %>.ts
unless_exists: true
---
/// <reference path="../.sst/platform/config.d.ts" />
import { linkedResources } from "./resources";

/**
 * The <%= componentName %> queue and its consumer, added by `nx g @<%= org %>/platform:consumer`.
 * The platform's conventions give the queue its dead-letter queue, "<%= componentName %>Dlq" (a
 * message moves there after 3 failed receives). The function is created here, not by
 * queue.subscribe, so that its name stays short (generators/service/README.md, "Name lengths").
 */
export function <%= functionName %>(<%- database ? consumerLines.parameters : "" %>) {
  const queue = new sst.aws.Queue("<%= componentName %>");
  const consumer = new sst.aws.Function("<%= componentName %>Consumer", {
    handler: "src/<%= fileBase %>.handler",
<%_ if (database) { _%>
<%- consumerLines.linkWith %>
<%- consumerLines.vpc %>
<%_ } else { _%>
<%- consumerLines.linkWithout %>
<%_ } _%>
  });
  queue.subscribe(consumer.arn, { batch: { partialResponses: true } });
  return queue;
}
