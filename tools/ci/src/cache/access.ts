import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Who may read and write which namespace. Main's runs hold a token that writes `main`; pull
 * requests hold one that reads `main` and their own namespace but writes only their own, so a pull
 * request can never put an entry where main looks.
 */
export interface AccessRule {
  /** A name for logs: never the token. */
  name: string;
  token: string;
  /** Namespaces read, in order: the first that has the entry serves it. */
  read: string[];
  /** The namespace written; none makes the token read-only. */
  write?: string | undefined;
}

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Checks a token list (from SHIPYARD_CACHE_ACCESS or --access) and says what is wrong with it. */
export function parseAccessRules(json: string): AccessRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(
      `The access rules are not JSON (${(error as Error).message}). See tools/ci/README.md.`,
    );
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new Error(
      'The access rules must be a non-empty JSON array of {"name", "token", "read": [...], "write"}.',
    );
  }
  const rules = parsed as AccessRule[];
  for (const [i, rule] of rules.entries()) {
    const where = `Access rule ${i + 1} (${JSON.stringify(rule?.name ?? "")})`;
    if (typeof rule?.name !== "string" || rule.name === "")
      throw new Error(`${where} needs a "name".`);
    if (typeof rule.token !== "string" || rule.token.length < 32) {
      throw new Error(
        `${where} needs a "token" of at least 32 characters (e.g. openssl rand -hex 32).`,
      );
    }
    if (!Array.isArray(rule.read) || rule.read.some((ns) => !NAMESPACE.test(ns))) {
      throw new Error(
        `${where}: "read" must list namespaces of lower-case letters, digits and hyphens.`,
      );
    }
    if (rule.write !== undefined && !NAMESPACE.test(rule.write)) {
      throw new Error(
        `${where}: "write" must be a namespace of lower-case letters, digits and hyphens.`,
      );
    }
  }
  const tokens = new Set(rules.map((rule) => rule.token));
  if (tokens.size !== rules.length)
    throw new Error("Two access rules share a token; give each its own.");
  return rules;
}

/** The rule whose token is `presented`, compared in constant time; undefined when none is. */
export function ruleFor(
  rules: AccessRule[],
  presented: string | undefined,
): AccessRule | undefined {
  if (!presented) return undefined;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  const wanted = digest(presented);
  return rules.find((rule) => timingSafeEqual(digest(rule.token), wanted));
}
