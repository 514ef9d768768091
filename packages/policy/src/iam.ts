import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";
import { ofType, parseJson, TYPES } from "./resources";

/** One statement of an IAM policy document, with its single-or-list fields as lists. */
export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principals: Principal[];
  /** The condition block, e.g. `{ Bool: { "aws:SecureTransport": "false" } }`. */
  condition: Record<string, Record<string, unknown>>;
}

/** A principal as `kind` ("AWS", "Service", "Federated", or "*" for the bare wildcard) and value. */
export interface Principal {
  kind: string;
  value: string;
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);

function principals(value: unknown): Principal[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [{ kind: "*", value }];
  return Object.entries(value as Record<string, unknown>).flatMap(([kind, values]) =>
    list(values).map((entry) => ({ kind, value: entry })),
  );
}

/** The statements of a policy document (a JSON string or object); none when it does not parse. */
export function statementsOf(document: unknown): Statement[] {
  const parsed = parseJson(document) as { Statement?: unknown } | undefined;
  const raw = parsed?.Statement;
  const entries = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return entries.map((entry) => ({
    effect: String(entry.Effect ?? ""),
    actions: list(entry.Action),
    notActions: list(entry.NotAction),
    resources: list(entry.Resource),
    notResources: list(entry.NotResource),
    principals: principals(entry.Principal),
    condition: (entry.Condition ?? {}) as Statement["condition"],
  }));
}

/** A permission policy and the resource that attaches it. */
export interface AttachedPolicy {
  resource: EvaluatedResource;
  statements: Statement[];
}

/** Every permission policy the evaluation creates: roles' inline policies and policy documents. */
export function permissionPolicies(evaluation: Evaluation): AttachedPolicy[] {
  const inline = ofType(evaluation, TYPES.role).flatMap((role) =>
    ((role.inputs.inlinePolicies ?? []) as { policy?: unknown }[]).map((entry) => ({
      resource: role,
      statements: statementsOf(entry.policy),
    })),
  );
  const standalone = ofType(
    evaluation,
    TYPES.rolePolicy,
    TYPES.policy,
    TYPES.userPolicy,
    TYPES.groupPolicy,
  ).map((resource) => ({
    resource,
    statements: statementsOf(resource.inputs.policy),
  }));
  return [...inline, ...standalone];
}
