import type { Evaluation } from "@acme/sst-offline";
import { RULES } from "./rules";
import type { PolicyContext, Violation } from "./types";

/** Every violation of every rule in one evaluated stage. */
export function checkEvaluation(evaluation: Evaluation, context: PolicyContext): Violation[] {
  return RULES.flatMap((rule) =>
    rule
      .check(evaluation, context)
      .map((found) => ({ rule: rule.id, stage: context.stage, ...found })),
  );
}
