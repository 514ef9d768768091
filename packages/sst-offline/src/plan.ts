/** The readable tree that `sst-offline plan` prints. */
import type { EvaluatedResource, Evaluation } from "./types.js";

/** The key inputs worth a glance, by resource type. */
function details(resource: EvaluatedResource): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: inputs are whatever the provider takes
  const inputs = resource.inputs as Record<string, any>;
  const parts: string[] = [];
  switch (resource.type) {
    case "aws:lambda/function:Function":
      if (inputs.runtime) parts.push(`runtime=${inputs.runtime}`);
      if (inputs.memorySize !== undefined) parts.push(`memory=${inputs.memorySize}MB`);
      if (Array.isArray(inputs.architectures)) parts.push(`arch=${inputs.architectures.join(",")}`);
      if (inputs.timeout !== undefined) parts.push(`timeout=${inputs.timeout}s`);
      if (inputs.handler) parts.push(`handler=${inputs.handler}`);
      break;
    case "aws:cloudwatch/logGroup:LogGroup":
      if (inputs.retentionInDays !== undefined) parts.push(`retention=${inputs.retentionInDays}d`);
      break;
    case "aws:sqs/queue:Queue":
      if (inputs.visibilityTimeoutSeconds !== undefined) {
        parts.push(`visibility=${inputs.visibilityTimeoutSeconds}s`);
      }
      if (inputs.fifoQueue) parts.push("fifo");
      break;
    case "aws:apigatewayv2/route:Route":
      if (inputs.routeKey) parts.push(`route="${inputs.routeKey}"`);
      break;
    case "aws:rds/instance:Instance":
    case "aws:rds/cluster:Cluster":
      if (inputs.engine)
        parts.push(
          `engine=${inputs.engine}${inputs.engineVersion ? ` ${inputs.engineVersion}` : ""}`,
        );
      if (inputs.instanceClass) parts.push(`class=${inputs.instanceClass}`);
      break;
    default:
      break;
  }
  if (resource.options.retainOnDelete) parts.push("[retain on delete]");
  if (resource.options.protect) parts.push("[protected]");
  return parts;
}

/** The evaluation as a tree: components, then their children, with type, name and key inputs. */
export function renderPlan(evaluation: Evaluation): string {
  const { app } = evaluation;
  const shown = evaluation.resources.filter((resource) => resource.type !== "sst:sst:LinkRef");
  const urns = new Set(shown.map((resource) => resource.urn));
  const children = new Map<string | undefined, EvaluatedResource[]>();
  for (const resource of shown) {
    const parent = resource.parent && urns.has(resource.parent) ? resource.parent : undefined;
    const list = children.get(parent) ?? [];
    list.push(resource);
    children.set(parent, list);
  }
  const order = (a: EvaluatedResource, b: EvaluatedResource) => {
    const componentA = children.has(a.urn) ? 0 : 1;
    const componentB = children.has(b.urn) ? 0 : 1;
    if (componentA !== componentB) return componentA - componentB;
    return a.type === b.type ? (a.name < b.name ? -1 : 1) : a.type < b.type ? -1 : 1;
  };

  const lines = [
    `${app.name} (stage ${app.stage}, removal ${app.removal ?? "retain"}${app.protect ? ", protected" : ""}): ${evaluation.resources.length} resources`,
  ];
  const walk = (parent: string | undefined, prefix: string) => {
    const list = [...(children.get(parent) ?? [])].sort(order);
    list.forEach((resource, index) => {
      const last = index === list.length - 1;
      const extra = details(resource);
      lines.push(
        `${prefix}${last ? "└─ " : "├─ "}${resource.type} ${resource.name}${extra.length ? `  ${extra.join(" ")}` : ""}`,
      );
      walk(resource.urn, `${prefix}${last ? "   " : "│  "}`);
    });
  };
  walk(undefined, "");

  if (evaluation.links.length > 0) {
    lines.push("", "Linkable:");
    for (const link of evaluation.links) lines.push(`  ${link.name} (${link.type})`);
  }
  const functions = Object.entries(evaluation.functionLinks ?? {});
  if (functions.length > 0) {
    lines.push("", "Function links:");
    for (const [name, links] of functions) {
      lines.push(`  ${name} → ${links.length ? links.join(", ") : "(none)"}`);
    }
  }
  const outputs = Object.entries(evaluation.outputs);
  if (outputs.length > 0) {
    lines.push("", "Outputs:");
    for (const [key, value] of outputs) {
      lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
