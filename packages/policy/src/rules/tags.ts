import { serviceTags } from "@acme/contract";
import { finding, type Rule } from "../types";

/**
 * Every resource of a type that takes tags carries the service's tags with the right values.
 * Whether a type takes tags is read from the provider's own classes (see `taggable.ts`), so a
 * resource type a team adds is covered without anyone updating a list.
 */
export const tagsRule: Rule = {
  id: "tags-required",
  title:
    "Every taggable resource carries the service, owner, stage and managed-by tags (@acme/contract serviceTags)",
  check(evaluation, context) {
    const expected = serviceTags(context);
    return evaluation.resources
      .filter((resource) => context.taggable(resource.type))
      .flatMap((resource) => {
        const tags = (resource.inputs.tags ?? {}) as Record<string, unknown>;
        const wrong = Object.entries(expected)
          .filter(([key, value]) => tags[key] !== value)
          .map(([key, value]) =>
            tags[key] === undefined
              ? `${key} is missing`
              : `${key} is "${String(tags[key])}", not "${value}"`,
          );
        if (wrong.length === 0) return [];
        return [
          finding(
            resource,
            `${resource.type} ${resource.name} is not tagged as the service's: ${wrong.join(", ")}.`,
            "Create it after applyConventions() in sst.config.ts run() (the conventions tag every taggable resource), and do not override the platform's tag keys in `tags` or a transform.",
          ),
        ];
      });
  },
};
