import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CHECKED_STAGES,
  isProductionStage,
  layout,
  requireWorkspaceRoot,
  stageProblem,
} from "@acme/contract";
import { type Evaluation, evaluate, PLATFORM_ENV } from "@acme/sst-offline";
import { checkEvaluation } from "./check";
import { evaluateStages } from "./secrets";
import { taggableTypes } from "./taggable";
import type { Violation } from "./types";
import { covers, type RecordedWaiver, readWaivers } from "./waivers";

/**
 * The stages a service is checked in unless told otherwise: the contract's checked stages, the
 * ones the `evaluate` target keeps, so the check reads those kept evaluations.
 */
export const DEFAULT_STAGES: readonly string[] = CHECKED_STAGES;

export interface CheckServiceOptions {
  stages?: readonly string[];
  /** The day of the check, YYYY-MM-DD (default: today, UTC). */
  today?: string;
}

export interface PolicyReport {
  service: string;
  stages: readonly string[];
  /** Violations no valid waiver covers: each fails the check. */
  violations: Violation[];
  /** Violations a valid waiver covers: listed, not failing. */
  waived: { violation: Violation; waiver: RecordedWaiver }[];
  /** Waivers that are invalid (unexplained, expired, unknown rule...) or cover nothing: each fails. */
  waiverProblems: string[];
}

export const passed = (report: PolicyReport) =>
  report.violations.length === 0 && report.waiverProblems.length === 0;

export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** Evaluates the service in each stage and checks every rule, applying its waivers. */
export async function checkService(
  serviceDir: string,
  options: CheckServiceOptions = {},
): Promise<PolicyReport> {
  const stages = options.stages ?? DEFAULT_STAGES;
  for (const stage of stages) {
    const problem = stageProblem(stage);
    if (problem) throw new Error(problem);
  }
  const today = options.today ?? todayUtc();
  const waivers = readWaivers(serviceDir, today);
  const owner = serviceOwner(serviceDir);
  const taggable = taggableTypes(platformDir(serviceDir));
  const evaluations = await evaluateStages(serviceDir, stages, evaluate);
  return checkEvaluations(evaluations, {
    owner,
    today,
    taggable: (type) => taggable.has(type),
    waivers,
    reportUnusedWaivers: options.stages === undefined,
  });
}

export interface CheckEvaluationsOptions {
  owner: string;
  today: string;
  taggable: (type: string) => boolean;
  waivers: RecordedWaiver[];
  /** Fail waivers that cover nothing (only meaningful when every stage a waiver may name was checked). */
  reportUnusedWaivers: boolean;
}

/** Checks every rule on each evaluated stage of one service and applies its waivers. */
export function checkEvaluations(
  evaluations: readonly Evaluation[],
  options: CheckEvaluationsOptions,
): PolicyReport {
  const { waivers } = options;
  const stages = evaluations.map((evaluation) => evaluation.app.stage);
  const all = evaluations.flatMap((evaluation) =>
    checkEvaluation(evaluation, {
      service: evaluation.app.name,
      owner: options.owner,
      stage: evaluation.app.stage,
      production: isProductionStage(evaluation.app.stage),
      today: options.today,
      taggable: options.taggable,
    }),
  );
  const waived = all.flatMap((violation) => {
    const waiver = waivers.find((candidate) => covers(candidate, violation));
    return waiver ? [{ violation, waiver }] : [];
  });
  const unused = options.reportUnusedWaivers
    ? waivers.filter(
        (recorded) =>
          recorded.problems.length === 0 && !waived.some((entry) => entry.waiver === recorded),
      )
    : [];
  const label = (recorded: RecordedWaiver) =>
    `waiver ${recorded.index} (${String(recorded.waiver.rule)} on ${String(recorded.waiver.resource)})`;
  return {
    service: evaluations[0]?.app.name ?? "",
    stages,
    violations: all.filter((violation) => !waived.some((entry) => entry.violation === violation)),
    waived,
    waiverProblems: [
      ...waivers.flatMap((recorded) =>
        recorded.problems.map((problem) => `${label(recorded)}: ${problem}.`),
      ),
      ...unused.map(
        (recorded) => `${label(recorded)} covers no violation in ${stages.join(", ")}: remove it.`,
      ),
    ],
  };
}

/** The owning team recorded by the generator (`shipyard.answers.owner` in package.json). */
function serviceOwner(serviceDir: string): string {
  const manifest = JSON.parse(readFileSync(join(serviceDir, "package.json"), "utf8"));
  const owner = manifest.shipyard?.answers?.owner;
  if (typeof owner !== "string" || owner === "") {
    throw new Error(
      `package.json has no "shipyard.answers.owner": the owner tag cannot be checked. Restore the "shipyard" record the generator wrote.`,
    );
  }
  return owner;
}

/** The SST platform the evaluation uses, as @acme/sst-offline finds it for a service. */
function platformDir(serviceDir: string): string {
  const fromEnv = process.env[PLATFORM_ENV];
  if (fromEnv) return fromEnv;
  return join(requireWorkspaceRoot(serviceDir), layout.platformProjectRoot, layout.sstPlatformDir);
}
