// @ts-check
/** Looking resources up in an {@link Evaluation}. */

/** @typedef {import("./types.ts").Evaluation} Evaluation */
/** @typedef {import("./types.ts").EvaluatedResource} EvaluatedResource */

/**
 * Every resource of a type (a Pulumi type token such as "aws:lambda/function:Function" or an SST
 * component type such as "sst:aws:Function"), in URN order.
 * @param {Evaluation} evaluation
 * @param {string} type
 * @returns {EvaluatedResource[]}
 */
export function resourcesOfType(evaluation, type) {
  return evaluation.resources.filter((resource) => resource.type === type);
}

/**
 * The one resource of `type` named `name`; throws listing what exists when there is none.
 * @param {Evaluation} evaluation
 * @param {string} type
 * @param {string} name
 * @returns {EvaluatedResource}
 */
export function resourceNamed(evaluation, type, name) {
  const ofType = resourcesOfType(evaluation, type);
  const found = ofType.filter((resource) => resource.name === name);
  if (found.length === 1) return /** @type {EvaluatedResource} */ (found[0]);
  if (found.length > 1) {
    throw new Error(
      `${found.length} resources of type ${type} are named "${name}":\n${found.map((r) => `  ${r.urn}`).join("\n")}`,
    );
  }
  if (ofType.length > 0) {
    throw new Error(
      `No ${type} named "${name}". The ${type} resources are: ${ofType.map((r) => r.name).join(", ")}.`,
    );
  }
  const types = [...new Set(evaluation.resources.map((resource) => resource.type))].sort();
  throw new Error(
    `No resource of type ${type} (looking for "${name}"). The types present are:\n${types.map((t) => `  ${t}`).join("\n")}`,
  );
}
