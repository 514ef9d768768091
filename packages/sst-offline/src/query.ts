/** Looking resources up in an {@link Evaluation}. */
import type { EvaluatedResource, Evaluation } from "./types.js";

/**
 * Every resource of a type (a Pulumi type token such as "aws:lambda/function:Function" or an SST
 * component type such as "sst:aws:Function"), in URN order.
 */
export function resourcesOfType(evaluation: Evaluation, type: string): EvaluatedResource[] {
  return evaluation.resources.filter((resource) => resource.type === type);
}

/** The one resource of `type` named `name`; throws listing what exists when there is none. */
export function resourceNamed(
  evaluation: Evaluation,
  type: string,
  name: string,
): EvaluatedResource {
  const ofType = resourcesOfType(evaluation, type);
  const found = ofType.filter((resource) => resource.name === name);
  const [only] = found;
  if (found.length === 1 && only) return only;
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
