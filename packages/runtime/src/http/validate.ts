import { sValidator } from "@hono/standard-validator";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Context, Env, ValidationTargets } from "hono";
import { toValidationIssues } from "../schema";
import { problemResponse, toProblem } from "./problem";

const TARGET_NAMES: Record<keyof ValidationTargets, string> = {
  json: "body",
  form: "form body",
  query: "query string",
  param: "path parameters",
  header: "headers",
  cookie: "cookies",
};

/** The request id set by `createHttpApp`, when the app was made by it. */
function requestIdOf(c: Context): { requestId?: string } {
  const requestId: unknown = c.get("requestId");
  return typeof requestId === "string" ? { requestId } : {};
}

/**
 * Validate part of the request against any Standard Schema (valibot, zod, arktype, ...). The
 * parsed value is then typed in `c.req.valid(target)`. A failure answers 400
 * `application/problem+json` with title `"Invalid request"` and an `errors` array of
 * `{ path, message }`; a body that is not JSON answers 400 too.
 *
 * @param target - What to validate: `"json"`, `"query"`, `"param"`, `"header"`, `"form"` or `"cookie"`.
 * @param schema - The schema the value must satisfy.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 *
 * app.post(
 *   "/orders",
 *   validate("json", v.object({ sku: v.string(), quantity: v.pipe(v.number(), v.minValue(1)) })),
 *   (c) => c.json(c.req.valid("json"), 201),
 * );
 * // POST /orders {"quantity":0} answers 400 with
 * // errors: [{ path: "sku", message: "..." }, { path: "quantity", message: "..." }]
 * ```
 */
export function validate<
  Schema extends StandardSchemaV1,
  Target extends keyof ValidationTargets,
  E extends Env = Env,
  P extends string = string,
>(target: Target, schema: Schema) {
  return sValidator(target, schema, (result, c: Context<E, P>) => {
    if (result.success) return;
    return problemResponse(
      toProblem(
        {
          status: 400,
          title: "Invalid request",
          detail: `The request ${TARGET_NAMES[target]} is invalid.`,
          instance: c.req.path,
          ...requestIdOf(c),
        },
        { errors: toValidationIssues(result.error) },
      ),
    );
  });
}
