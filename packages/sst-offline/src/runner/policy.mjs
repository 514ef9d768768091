// @ts-check
/**
 * The answer to `aws:iam/getPolicyDocument`: the statements echoed back (SST reads them to decide
 * whether a role gets an inline policy) and the policy rendered in IAM JSON form, as the AWS
 * provider's data source renders it (`json`, `minifiedJson`).
 */

/**
 * @typedef {object} PolicyStatementInput
 * @property {string} [sid]
 * @property {string} [effect]
 * @property {string[]} [actions]
 * @property {string[]} [notActions]
 * @property {string[]} [resources]
 * @property {string[]} [notResources]
 * @property {{ type: string, identifiers: string[] }[]} [principals]
 * @property {{ type: string, identifiers: string[] }[]} [notPrincipals]
 * @property {{ test: string, variable: string, values: string[] }[]} [conditions]
 */

/**
 * One value or a list, as IAM JSON writes single-element lists.
 * @param {string[]} values
 * @returns {string | string[]}
 */
function oneOrMany(values) {
  return values.length === 1 ? /** @type {string} */ (values[0]) : values;
}

/**
 * @param {{ type: string, identifiers: string[] }[]} principals
 * @returns {string | Record<string, string | string[]>}
 */
function renderPrincipals(principals) {
  /** @type {Record<string, string[]>} */
  const byType = {};
  for (const principal of principals) {
    if (principal.type === "*" && principal.identifiers.every((id) => id === "*")) return "*";
    const list = byType[principal.type] ?? [];
    list.push(...principal.identifiers);
    byType[principal.type] = list;
  }
  return Object.fromEntries(Object.entries(byType).map(([type, ids]) => [type, oneOrMany(ids)]));
}

/**
 * @param {{ test: string, variable: string, values: string[] }[]} conditions
 * @returns {Record<string, Record<string, string | string[]>>}
 */
function renderConditions(conditions) {
  /** @type {Record<string, Record<string, string | string[]>>} */
  const result = {};
  for (const condition of conditions) {
    const test = result[condition.test] ?? {};
    test[condition.variable] = oneOrMany(condition.values);
    result[condition.test] = test;
  }
  return result;
}

/**
 * IAM JSON for a list of `getPolicyDocument` statements.
 * @param {PolicyStatementInput[]} statements
 * @param {{ version?: string, policyId?: string }} [document]
 */
export function renderPolicy(statements, document = {}) {
  /** @type {Record<string, unknown>} */
  const policy = { Version: document.version ?? "2012-10-17" };
  if (document.policyId) policy.Id = document.policyId;
  policy.Statement = statements.map((statement) => {
    /** @type {Record<string, unknown>} */
    const rendered = {};
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

/** @param {string | undefined} effect */
function normalizeEffect(effect) {
  const value = (effect ?? "Allow").toLowerCase();
  return value === "deny" ? "Deny" : "Allow";
}

/**
 * The result of the `aws:iam/getPolicyDocument` invoke.
 * @param {Record<string, any>} inputs
 */
export function policyDocumentResult(inputs) {
  /** @type {PolicyStatementInput[]} */
  const statements = Array.isArray(inputs.statements) ? inputs.statements : [];
  const policy = renderPolicy(statements, inputs);
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
