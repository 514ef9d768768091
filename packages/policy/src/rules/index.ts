import type { Rule } from "../types";
import { publicBucketRule, tlsRule } from "./buckets";
import { architectureRule, logRetentionRule, runtimeRule } from "./functions";
import { iamLinkedOnlyRule } from "./iam-linked-only";
import { iamWildcardRule } from "./iam-wildcards";
import { batchFailuresRule, deadLetterRule, visibilityRule } from "./queues";
import { retainDataRule } from "./retention";
import { tagsRule } from "./tags";
import { trustRule } from "./trust";

/** The platform's hard rules, in the order reports list them (README.md has the table). */
export const RULES: readonly Rule[] = [
  trustRule,
  iamWildcardRule,
  iamLinkedOnlyRule,
  publicBucketRule,
  tlsRule,
  tagsRule,
  retainDataRule,
  deadLetterRule,
  visibilityRule,
  batchFailuresRule,
  logRetentionRule,
  runtimeRule,
  architectureRule,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));
