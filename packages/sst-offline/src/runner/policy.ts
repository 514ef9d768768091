/**
 * The answer to `aws:iam/getPolicyDocument`: the statements echoed back (SST reads them to decide
 * whether a role gets an inline policy) and the policy rendered in IAM JSON form, as the AWS
 * provider's data source renders it (`json`, `minifiedJson`).
 */

interface PrincipalInput {
  type: string;
  identifiers: string[];
}

interface ConditionInput {
  test: string;
  variable: string;
  values: string[];
}

export interface PolicyStatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PrincipalInput[];
  notPrincipals?: PrincipalInput[];
  conditions?: ConditionInput[];
}

/** One value or a list, as IAM JSON writes single-element lists. */
function oneOrMany(values: string[]): string | string[] {
  const [only] = values;
  return values.length === 1 && only !== undefined ? only : values;
}

function renderPrincipals(
  principals: PrincipalInput[],
): string | Record<string, string | string[]> {
  const byType: Record<string, string[]> = {};
  for (const principal of principals) {
    if (principal.type === "*" && principal.identifiers.every((id) => id === "*")) return "*";
    const list = byType[principal.type] ?? [];
    list.push(...principal.identifiers);
    byType[principal.type] = list;
  }
  return Object.fromEntries(Object.entries(byType).map(([type, ids]) => [type, oneOrMany(ids)]));
}

function renderConditions(
  conditions: ConditionInput[],
): Record<string, Record<string, string | string[]>> {
  const result: Record<string, Record<string, string | string[]>> = {};
  for (const condition of conditions) {
    const test = result[condition.test] ?? {};
    test[condition.variable] = oneOrMany(condition.values);
    result[condition.test] = test;
  }
  return result;
}

/** IAM JSON for a list of `getPolicyDocument` statements. */
export function renderPolicy(
  statements: PolicyStatementInput[],
  document: { version?: string; policyId?: string } = {},
): Record<string, unknown> {
  const policy: Record<string, unknown> = { Version: document.version ?? "2012-10-17" };
  if (document.policyId) policy.Id = document.policyId;
  policy.Statement = statements.map((statement) => {
    const rendered: Record<string, unknown> = {};
    if (statement.sid) rendered.Sid = statement.sid;
    rendered.Effect = normalizeEffect(statement.effect);
    if (statement.actions?.length) rendered.Action = oneOrMany(statement.actions);
    if (statement.notActions?.length) rendered.NotAction = oneOrMany(statement.notActions);
    if (statement.resources?.length) rendered.Resource = oneOrMany(statement.resources);
    if (statement.notResources?.length) rendered.NotResource = oneOrMany(statement.notResources);
    if (statement.principals?.length) rendered.Principal = renderPrincipals(statement.principals);
    if (statement.notPrincipals?.length) {
      rendered.NotPrincipal = renderPrincipals(statement.notPrincipals);
    }
    if (statement.conditions?.length) rendered.Condition = renderConditions(statement.conditions);
    return rendered;
  });
  return policy;
}

function normalizeEffect(effect: string | undefined): "Allow" | "Deny" {
  const value = (effect ?? "Allow").toLowerCase();
  return value === "deny" ? "Deny" : "Allow";
}

/** The result of the `aws:iam/getPolicyDocument` invoke. */
export function policyDocumentResult(inputs: Record<string, unknown>): Record<string, unknown> {
  const statements: PolicyStatementInput[] = Array.isArray(inputs.statements)
    ? inputs.statements
    : [];
  const policy = renderPolicy(statements, inputs as { version?: string; policyId?: string });
  return {
    ...inputs,
    id: "policy-document",
    // The provider returns no statements for an empty document; SST relies on it to skip
    // empty inline policies.
    statements: statements.length > 0 ? statements : undefined,
    json: JSON.stringify(policy, null, 2),
    minifiedJson: JSON.stringify(policy),
  };
}
