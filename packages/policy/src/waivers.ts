import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RULE_IDS } from "./rules";
import type { Violation } from "./types";

/** The file in a service folder where its team records the rules it must break. */
export const WAIVERS_FILE = "policy-waivers.json";

/** The longest a waiver may run: long enough to plan the fix, short enough to be revisited. */
export const MAX_WAIVER_DAYS = 366;

export interface Waiver {
  /** The rule id, as the check prints it. */
  rule: string;
  /** The resource's logical name, as the check prints it (e.g. "OpenBucket"). */
  resource: string;
  /** Why the rule cannot be kept, for the reviewer. */
  reason: string;
  /** Who answers for it: a team slug or a person. */
  owner: string;
  /** The last day it holds (YYYY-MM-DD). */
  expires: string;
  /** The stages it holds in; every stage when absent. */
  stages?: string[];
}

/** A waiver as read, with what is wrong with it (nothing when it is valid today). */
export interface RecordedWaiver {
  waiver: Partial<Waiver>;
  /** Its position in the file, for messages ("waiver 2"). */
  index: number;
  problems: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MIN_REASON_LENGTH = 20;

/** The waivers recorded in a service folder, each with its problems. Throws on an unreadable file. */
export function readWaivers(serviceDir: string, today: string): RecordedWaiver[] {
  const file = join(serviceDir, WAIVERS_FILE);
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `${WAIVERS_FILE} is not valid JSON (${(error as Error).message}). Fix it: it holds { "waivers": [...] }.`,
    );
  }
  const entries = (parsed as { waivers?: unknown })?.waivers;
  if (!Array.isArray(entries)) {
    throw new Error(
      `${WAIVERS_FILE} has no "waivers" list. Write { "waivers": [{ "rule", "resource", "reason", "owner", "expires" }] }.`,
    );
  }
  return entries.map((entry, index) => ({
    waiver: entry as Partial<Waiver>,
    index: index + 1,
    problems: waiverProblems(entry as Partial<Waiver>, today),
  }));
}

function waiverProblems(waiver: Partial<Waiver>, today: string): string[] {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const problems: string[] = [];
  if (!RULE_IDS.has(text(waiver.rule))) {
    problems.push(
      `rule "${String(waiver.rule ?? "")}" is not a rule id (${[...RULE_IDS].join(", ")})`,
    );
  }
  if (!text(waiver.resource)) problems.push("it names no resource (the name the check printed)");
  if (text(waiver.reason).length < MIN_REASON_LENGTH) {
    problems.push(
      `it is unexplained: "reason" must say why the rule cannot be kept (at least ${MIN_REASON_LENGTH} characters)`,
    );
  }
  if (!text(waiver.owner)) problems.push('it has no "owner" who answers for it');
  const expires = text(waiver.expires);
  if (!DAY.test(expires) || Number.isNaN(Date.parse(expires))) {
    problems.push(`"expires" must be a day written YYYY-MM-DD (got "${expires}")`);
  } else if (expires < today) {
    problems.push(
      `it expired on ${expires}: fix the violation, or renew the waiver with a new reason and date`,
    );
  } else if (daysBetween(today, expires) > MAX_WAIVER_DAYS) {
    problems.push(
      `it runs until ${expires}, more than ${MAX_WAIVER_DAYS} days from ${today}: set an earlier expiry`,
    );
  }
  if (
    waiver.stages !== undefined &&
    !(Array.isArray(waiver.stages) && waiver.stages.every((stage) => typeof stage === "string"))
  ) {
    problems.push('"stages" must be a list of stage names');
  }
  return problems;
}

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** Whether a valid waiver covers a violation. */
export function covers(recorded: RecordedWaiver, violation: Violation): boolean {
  const { waiver } = recorded;
  return (
    recorded.problems.length === 0 &&
    waiver.rule === violation.rule &&
    waiver.resource === violation.resource &&
    (waiver.stages === undefined || waiver.stages.includes(violation.stage))
  );
}
