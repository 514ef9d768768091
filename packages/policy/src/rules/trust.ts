import { statementsOf } from "../iam";
import { ofType, TYPES } from "../resources";
import { finding, type Rule } from "../types";

/**
 * Roles may be assumed by AWS services only. SST 4.17.1 makes every function role trust the account
 * root in every stage (packages/infra puts the Lambda-only policy back outside `sst dev`); the
 * check never runs with `$dev`, so any AWS, federated or wildcard principal is a violation.
 */
export const trustRule: Rule = {
  id: "iam-trust-service-only",
  title:
    "Roles trust AWS services only (no `*`, account root or other AWS principal) outside `sst dev`",
  check(evaluation) {
    return ofType(evaluation, TYPES.role).flatMap((role) => {
      const trusted = statementsOf(role.inputs.assumeRolePolicy)
        .filter((statement) => statement.effect === "Allow")
        .flatMap((statement) => statement.principals)
        .filter((principal) => principal.kind !== "Service")
        .map((principal) =>
          principal.kind === "*" ? "*" : `{"${principal.kind}":"${principal.value}"}`,
        );
      if (trusted.length === 0) return [];
      return [
        finding(
          role,
          `Role ${role.name} can be assumed by ${trusted.join(", ")}, not only by an AWS service.`,
          'Trust only the service that runs the code: remove `transform.role.assumeRolePolicy` from the function (the platform sets `{"Service":"lambda.amazonaws.com"}`), or name the one service principal that needs the role.',
        ),
      ];
    });
  },
};
