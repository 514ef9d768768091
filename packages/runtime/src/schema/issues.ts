import type { StandardSchemaV1 } from "@standard-schema/spec";

/** One validation problem, in the shape sent to callers and written to logs. */
export interface ValidationIssue {
  /** Dotted path of the offending value, e.g. `"items.0.sku"`; `""` for the whole input. */
  path: string;
  /** What is wrong with it, as worded by the schema library. */
  message: string;
}

/**
 * Turn Standard Schema issues into `{ path: "a.b", message }` entries. The offending values are
 * left out, so nothing the caller sent is echoed back or logged.
 *
 * @example
 * ```ts
 * const result = await schema["~standard"].validate(input);
 * if (result.issues) console.log(toValidationIssues(result.issues));
 * // [{ path: "address.city", message: "Invalid type: Expected string but received 7" }]
 * ```
 */
export function toValidationIssues(issues: readonly StandardSchemaV1.Issue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: (issue.path ?? [])
      .map((segment) => String(typeof segment === "object" ? segment.key : segment))
      .join("."),
    message: issue.message,
  }));
}
