import { serviceTags } from "@acme/contract";
import type { ServiceContext } from "./context";

type Tags = Record<string, $util.Input<string>>;

/**
 * Adds the service tags to every AWS resource that takes tags, keeping tags the service set itself.
 *
 * Which types take tags is the provider's own fact, not a list: every @pulumi/aws resource class
 * whose resource has tags sets `resourceInputs["tags"]` in its constructor, so the key is present in
 * the inputs a stack transformation sees (undefined when unset). Types without it are left alone,
 * since setting `tags` on them fails the deploy. The provider's `defaultTags` would do the same at
 * deploy time, but the offline evaluation cannot see them, so the policy check could not either.
 */
export function tagResources(context: ServiceContext): void {
  const tags = serviceTags(context);
  $util.runtime.registerStackTransformation((input) => {
    if (!input.type.startsWith("aws:") || !("tags" in input.props)) return undefined;
    const own = input.props.tags as $util.Input<Tags> | undefined;
    if (Array.isArray(own)) return undefined; // autoscaling groups: a list with its own shape
    input.props.tags = $output(own ?? {}).apply((set) => ({ ...tags, ...set }));
    return input;
  });
}

/**
 * `$transform` takes a resource class and reads its Pulumi type token; for plain Pulumi resources it
 * registers a stack transformation on that token. This builds the class-shaped key from a token,
 * so a convention can reach a type without importing its provider class.
 */
export function pulumiType<Args>(type: string): new (name: string, args: Args) => unknown {
  return Object.assign(function resourceOfType() {}, { __pulumiType: type }) as never;
}
