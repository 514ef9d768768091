import { permissionPolicies } from "../iam";
import { finding, type Rule } from "../types";

/** Managed policies that grant everything or nearly everything. */
const BROAD_MANAGED_POLICIES = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
];

/**
 * Whether a Resource element means "every resource of a kind": `*`, or an ARN whose resource part
 * is only a wildcard (`arn:aws:s3:::*`, `arn:aws:dynamodb:*:*:table/*`). A wildcard after a name
 * (`arn:aws:s3:::orders-bucket/*`, the objects of one bucket) is specific and allowed.
 */
export function isWildcardResource(resource: string): boolean {
  if (resource === "*") return true;
  const parts = resource.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return false;
  const service = parts[2];
  const rest = parts.slice(5).join(":");
  if (service === "s3") return rest === "*" || rest === "*/*";
  return rest === "*" || /^[A-Za-z-]+[/:]\*$/.test(rest);
}

/**
 * No IAM permission grants every action or every resource. A service-wide action on one named
 * resource (`sqs:*` on the service's own queue, which SST's links grant) is allowed: see
 * docs/adr/0004-policy-on-the-evaluated-infra.md for where this differs from cdk-nag's IAM5.
 */
export const iamWildcardRule: Rule = {
  id: "iam-no-wildcards",
  title:
    'IAM permissions name their actions and resources: no `"*"` action or resource, no NotAction/NotResource',
  check(evaluation) {
    const fix =
      "Grant the actions the code calls on the resources it uses: `link` the resource (SST grants what it needs) or list them in `permissions: [{ actions: [...], resources: [<arn>] }]`.";
    const inPolicies = permissionPolicies(evaluation).flatMap(({ resource, statements }) =>
      statements
        .filter((statement) => statement.effect === "Allow")
        .flatMap((statement) => {
          const problems = [
            statement.actions.includes("*") && 'every action ("*")',
            statement.resources.some(isWildcardResource) &&
              `every resource (${statement.resources
                .filter(isWildcardResource)
                .map((resource) => JSON.stringify(resource))
                .join(", ")})`,
            statement.notActions.length > 0 &&
              `every action but ${statement.notActions.join(", ")}`,
            statement.notResources.length > 0 &&
              `every resource but ${statement.notResources.join(", ")}`,
          ].filter((problem): problem is string => Boolean(problem));
          if (problems.length === 0) return [];
          const actions = statement.actions.join(", ") || "(NotAction)";
          return [
            finding(
              resource,
              `${resource.name} allows ${problems.join(" on ")} (actions: ${actions}).`,
              fix,
            ),
          ];
        }),
    );
    // Roles' `managedPolicyArns` (SST's `policies`) and attachments' `policyArn`.
    const managed = evaluation.resources.flatMap((resource) =>
      [...((resource.inputs.managedPolicyArns ?? []) as string[]), resource.inputs.policyArn]
        .filter((arn): arn is string => BROAD_MANAGED_POLICIES.includes(String(arn)))
        .map((arn) =>
          finding(
            resource,
            `${resource.name} attaches ${arn}, which allows nearly every action on every resource.`,
            fix,
          ),
        ),
    );
    return [...inPolicies, ...managed];
  },
};
