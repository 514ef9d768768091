import { defaults } from "@acme/infra/defaults";
import { ofType, TYPES } from "../resources";
import { finding, type Rule } from "../types";

/**
 * Lambda's Node.js runtimes and the day AWS deprecates each (docs.aws.amazon.com/lambda/latest/dg/
 * lambda-runtimes.html). A runtime is refused from its deprecation day on: AWS stops patching it.
 */
export const RUNTIME_DEPRECATION: Readonly<Record<string, string>> = {
  "nodejs16.x": "2024-06-12",
  "nodejs18.x": "2025-09-01",
  "nodejs20.x": "2026-04-30",
  "nodejs22.x": "2027-04-30",
  "nodejs24.x": "2028-04-30",
};

export const runtimeRule: Rule = {
  id: "lambda-supported-runtime",
  title: "Functions run a Node.js runtime AWS has not deprecated on the day of the check",
  check(evaluation, context) {
    return ofType(evaluation, TYPES.lambda)
      .filter((lambda) => lambda.inputs.packageType !== "Image")
      .flatMap((lambda) => {
        const runtime = String(lambda.inputs.runtime);
        const deprecated = RUNTIME_DEPRECATION[runtime];
        const fix = `Remove \`runtime\` from the function (the platform pins ${defaults.runtime}) or set a supported one: ${supported(context.today).join(", ")}.`;
        if (deprecated === undefined) {
          return [
            finding(
              lambda,
              `Function ${lambda.name} runs ${runtime}, which is not a Node.js runtime the platform supports.`,
              fix,
            ),
          ];
        }
        if (deprecated > context.today) return [];
        return [
          finding(
            lambda,
            `Function ${lambda.name} runs ${runtime}, deprecated by AWS since ${deprecated}.`,
            fix,
          ),
        ];
      });
  },
};

const supported = (today: string) =>
  Object.entries(RUNTIME_DEPRECATION)
    .filter(([, day]) => day > today)
    .map(([runtime]) => runtime);

export const architectureRule: Rule = {
  id: "lambda-arm64",
  title: `Functions run on ${defaults.architecture} (Graviton)`,
  check(evaluation) {
    return ofType(evaluation, TYPES.lambda)
      .filter((lambda) => {
        const architectures = (lambda.inputs.architectures ?? ["x86_64"]) as string[];
        return architectures.join() !== defaults.architecture;
      })
      .map((lambda) =>
        finding(
          lambda,
          `Function ${lambda.name} runs on ${String((lambda.inputs.architectures as string[] | undefined) ?? "x86_64")}, not ${defaults.architecture}.`,
          `Remove \`architecture\` from the function (the platform sets ${defaults.architecture}), or record a waiver when a native dependency exists only for x86_64.`,
        ),
      );
  },
};

/** Days of log retention the platform requires at least, by stage kind (its conventions' values). */
export const MIN_LOG_RETENTION_DAYS = { production: 90, other: 1 } as const;

export const logRetentionRule: Rule = {
  id: "logs-retention",
  title: `Log groups expire their logs: production keeps them at least ${MIN_LOG_RETENTION_DAYS.production} days; no stage keeps them forever`,
  check(evaluation, context) {
    const minimum = context.production
      ? MIN_LOG_RETENTION_DAYS.production
      : MIN_LOG_RETENTION_DAYS.other;
    return ofType(evaluation, TYPES.logGroup).flatMap((group) => {
      const days = Number(group.inputs.retentionInDays ?? 0);
      if (days >= minimum) return [];
      const held = days === 0 ? "forever (no retention)" : `${days} day${days === 1 ? "" : "s"}`;
      return [
        finding(
          group,
          `Log group ${group.name} keeps logs ${held}; ${context.stage} needs ${context.production ? `at least ${minimum} days` : "a retention"}.`,
          `Remove the retention override (\`logging.retention\` on a function, \`accessLog.retention\` on an API): the platform sets ${context.production ? defaults.logRetention.production : defaults.logRetention.other} here. Or set at least ${minimum} days.`,
        ),
      ];
    });
  },
};
