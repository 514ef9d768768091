import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";
import { statementsOf } from "../iam";
import { ofType, TYPES } from "../resources";
import { finding, type Rule } from "../types";

/** The physical names an AWS resource is known by in ARNs (bucket, queue, table, secret...). */
function physicalNames(resource: EvaluatedResource): string[] {
  const { inputs } = resource;
  return [resource.id, inputs.name, inputs.bucket, inputs.identifier, inputs.functionName]
    .filter((value): value is string => typeof value === "string" && value.length > 0)
    .filter((value) => !value.includes("*"));
}

/**
 * The parts of an ARN's resource element that may be a physical name: `arn:aws:s3:::b/*` → `b`,
 * `…:table/t/index/*` → `table`, `t`, `index`; a Secrets Manager ARN also without AWS's random
 * `-XXXXXX`.
 */
function nameParts(arn: string): string[] {
  const parts = arn.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return [];
  const segments = parts
    .slice(5)
    .join(":")
    .split(/[:/]/)
    .filter((segment) => segment !== "" && !segment.includes("*"));
  // In S3 only the first part is a bucket; the rest is an object key, which may be any text.
  if (parts[2] === "s3") return segments.slice(0, 1);
  const secretNames =
    parts[2] === "secretsmanager" ? segments.map((segment) => segment.replace(/-.{6}$/, "")) : [];
  return [...segments, ...secretNames];
}

/** The SST component (a linkable's name) each AWS resource belongs to, through its parents. */
function ownerLookup(evaluation: Evaluation): (resource: EvaluatedResource) => string | undefined {
  const byUrn = new Map(evaluation.resources.map((resource) => [resource.urn, resource]));
  const linkables = new Set(evaluation.links.map((link) => link.name));
  return (resource) => {
    for (let current: EvaluatedResource | undefined = resource; current; ) {
      if (current.type.startsWith("sst:") && linkables.has(current.name)) return current.name;
      current = current.parent ? byUrn.get(current.parent) : undefined;
    }
    return undefined;
  };
}

/** The role an SST function created: the IAM role among the function component's descendants. */
function roleOf(evaluation: Evaluation, functionName: string): EvaluatedResource | undefined {
  const component = evaluation.resources.find(
    (resource) => resource.type === "sst:aws:Function" && resource.name === functionName,
  );
  if (!component) return undefined;
  return ofType(evaluation, TYPES.role).find((role) => role.parent === component.urn);
}

/**
 * Each function's role allows actions only on the resources the function links: every ARN in its
 * inline policies belongs to a linked resource (or to the function itself). SST's links grant a
 * service's actions on the linked resource's ARNs only (`s3:*` on one bucket and its objects,
 * `sqs:*` on one queue, `dynamodb:*` on one table and its indexes); Postgres and Secret links
 * grant no IAM at all. So an ARN that no linked resource owns is access the code did not ask for
 * with `link`: a hand-written `permissions` entry or a transform, which must be a waiver.
 */
export const iamLinkedOnlyRule: Rule = {
  id: "iam-linked-only",
  title: "A function's role allows actions only on the resources the function links",
  check(evaluation) {
    const ownerOf = ownerLookup(evaluation);
    const owners = (arn: string) => {
      const parts = new Set(nameParts(arn));
      return evaluation.resources
        .filter((resource) => physicalNames(resource).some((name) => parts.has(name)))
        .map(ownerOf)
        .filter((owner): owner is string => owner !== undefined);
    };
    return Object.entries(evaluation.functionLinks).flatMap(([functionName, links]) => {
      const role = roleOf(evaluation, functionName);
      if (!role) return [];
      const allowed = new Set([...links, functionName]);
      const inline = (role.inputs.inlinePolicies ?? []) as { policy?: unknown }[];
      const outside = inline
        .flatMap((entry) => statementsOf(entry.policy))
        .filter((statement) => statement.effect === "Allow")
        .flatMap((statement) =>
          statement.resources
            .filter((arn) => !owners(arn).some((owner) => allowed.has(owner)))
            .map((arn) => `${statement.actions.join(", ") || "(NotAction)"} on ${arn}`),
        );
      if (outside.length === 0) return [];
      const linked = links.length > 0 ? links.join(", ") : "nothing";
      return [
        finding(
          role,
          `${role.name} (function ${functionName}, which links ${linked}) allows ${outside.join("; ")}: not a resource it links.`,
          `\`link\` the resource the function uses (SST grants its actions on that resource only) and remove the \`permissions\` or role transform that grants the rest.`,
        ),
      ];
    });
  },
};
