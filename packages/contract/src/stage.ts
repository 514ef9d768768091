/**
 * Stages: the names SST deploys a service under (`sst deploy --stage <stage>`).
 *
 * SST 4.17.1 refuses a stage that does not start with a letter or holds anything but letters,
 * digits and hyphens ("The stage name is invalid", read from its CLI), but only after it has tried
 * to download Pulumi and send telemetry. The platform checks the same grammar first, and a length
 * limit of its own: SST joins app, stage and resource names into AWS names with hard limits (64
 * characters for a Lambda) and cuts the app name first when they do not fit. The service-name
 * limits (service-name.ts) are sized for stages up to this length. "production", "staging",
 * "pr-12345" and personal stages such as "jsmith" fit.
 */
export const MAX_STAGE_LENGTH = 16;

/** SST's own stage grammar. */
export const STAGE_PATTERN = /^[A-Za-z][A-Za-z0-9-]*$/;

/** Stages whose data is kept when the stage is removed, and whose buckets are versioned. */
export const PRODUCTION_STAGES: readonly string[] = ["production"];

export function isProductionStage(stage: string): boolean {
  return PRODUCTION_STAGES.includes(stage);
}

/** Why `stage` cannot be used, with the fix, or undefined when it can. */
export function stageProblem(stage: string): string | undefined {
  if (!STAGE_PATTERN.test(stage)) {
    return `Stage ${JSON.stringify(stage)} is not a valid SST stage: it must start with a letter and hold only letters, digits and hyphens (e.g. "pr-42", "jsmith"). Choose another --stage.`;
  }
  if (stage.length > MAX_STAGE_LENGTH) {
    return `Stage "${stage}" is ${stage.length} characters; the platform allows ${MAX_STAGE_LENGTH}, so that the AWS names SST derives from service, stage and resource stay whole. Choose a shorter --stage.`;
  }
  return undefined;
}

/** The prefix of a pull request's preview stage: `pr-<number>`. */
export const PREVIEW_STAGE_PREFIX = "pr-";

/**
 * The preview stage of a pull request, `pr-<number>`. Refuses what cannot be a pull request number,
 * and numbers too long for {@link MAX_STAGE_LENGTH} (13 digits: far beyond any repository's count).
 */
export function previewStage(pullRequest: number): string {
  if (!Number.isSafeInteger(pullRequest) || pullRequest < 1) {
    throw new Error(
      `${JSON.stringify(pullRequest)} is not a pull request number (a whole number from 1). Pass the number GitHub shows, e.g. --pr 42.`,
    );
  }
  const stage = `${PREVIEW_STAGE_PREFIX}${pullRequest}`;
  const problem = stageProblem(stage);
  if (problem) throw new Error(problem);
  return stage;
}
