import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";

/** What a rule needs to know besides the evaluated resources. */
export interface PolicyContext {
  /** The service's name (its SST app name). */
  service: string;
  /** The owning team, from the service's `package.json` (`shipyard.answers.owner`). */
  owner: string;
  stage: string;
  production: boolean;
  /** The day the check runs (YYYY-MM-DD, UTC): runtimes and waivers expire. */
  today: string;
  /** Whether an AWS resource type takes tags (a fact of the provider's own classes). */
  taggable: (type: string) => boolean;
}

/** One resource breaking one rule. */
export interface Violation {
  rule: string;
  stage: string;
  /** The resource's logical name, as in the plan (`nx infra`) and in waivers. */
  resource: string;
  type: string;
  /** What is wrong, naming the resource. */
  message: string;
  /** How to fix it in the service's infra. */
  fix: string;
}

export type Finding = Omit<Violation, "rule" | "stage">;

export interface Rule {
  /** Stable id, used in messages and waivers. */
  id: string;
  /** One line: what the rule demands. */
  title: string;
  check(evaluation: Evaluation, context: PolicyContext): Finding[];
}

/** A finding about `resource`, with its type filled in. */
export function finding(resource: EvaluatedResource, message: string, fix: string): Finding {
  return { resource: resource.name, type: resource.type, message, fix };
}
