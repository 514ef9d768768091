import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { requireWorkspaceRoot } from "@acme/contract";
import { DEFAULT_COSTS, type Costs } from "./plan/costs.ts";
import { runPlan } from "./plan/run-plan.ts";
import { runShard } from "./plan/run-shard.ts";
import { deployService } from "./plan/deploy.ts";
import type { Plan } from "./plan/plan.ts";
import { previewComment, previewServices } from "./plan/preview-comment.ts";
import { lintWorkflows } from "./workflows/lint.ts";
import { checkLockfile } from "./lockfile/check.ts";
import { checkRootEnv } from "./env/check.ts";

const USAGE = `Usage:
  shipyard-ci plan --base <commit> --head <commit> [--pr <number>] [--max-shards <n>] [--costs <file.json>] [--github-output <file>]
  shipyard-ci run-shard --plan <plan.json> --shard <index>
  shipyard-ci deploy|remove --project <name> --root <folder> --stage <stage> [--record-dir <folder>]
  shipyard-ci preview-comment --stage <stage> --outputs <dir> [--previous <comment.md>]
  shipyard-ci preview-services --comment <comment.md>
  shipyard-ci lint-workflows [<folder>]
  shipyard-ci lint-lockfile
  shipyard-ci lint-env`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const workspace = requireWorkspaceRoot(process.cwd());
  switch (command) {
    case "plan":
      return plan(workspace, rest);
    case "run-shard": {
      const { values } = parseArgs({
        args: rest,
        options: { plan: { type: "string" }, shard: { type: "string" } },
      });
      if (!values.plan || values.shard === undefined)
        throw new Error(`run-shard needs --plan and --shard.\n${USAGE}`);
      return runShard(
        workspace,
        JSON.parse(readFileSync(values.plan, "utf8")),
        integer("--shard", values.shard, 0),
      );
    }
    case "deploy":
    case "remove": {
      const { values } = parseArgs({
        args: rest,
        options: {
          project: { type: "string" },
          root: { type: "string" },
          stage: { type: "string" },
          "record-dir": { type: "string" },
        },
      });
      if (!values.project || !values.root || !values.stage) {
        throw new Error(`${command} needs --project, --root and --stage.\n${USAGE}`);
      }
      return deployService(workspace, {
        project: values.project,
        root: values.root,
        stage: values.stage,
        action: command,
        recordDir: values["record-dir"],
      });
    }
    case "preview-comment": {
      const { values } = parseArgs({
        args: rest,
        options: {
          stage: { type: "string" },
          outputs: { type: "string" },
          previous: { type: "string" },
        },
      });
      if (!values.stage || !values.outputs)
        throw new Error(`preview-comment needs --stage and --outputs.\n${USAGE}`);
      const previous = values.previous ? readFileSync(values.previous, "utf8") : "";
      process.stdout.write(previewComment(values.stage, values.outputs, previous));
      return 0;
    }
    case "preview-services": {
      const { values } = parseArgs({ args: rest, options: { comment: { type: "string" } } });
      if (!values.comment) throw new Error(`preview-services needs --comment.\n${USAGE}`);
      // One wave: preview services are removed side by side.
      process.stdout.write(
        `${JSON.stringify([previewServices(readFileSync(values.comment, "utf8"))])}\n`,
      );
      return 0;
    }
    case "lint-workflows": {
      const problems = await lintWorkflows(rest[0] ?? `${workspace}/.github/workflows`);
      for (const problem of problems) console.error(problem);
      return problems.length > 0 ? 1 : 0;
    }
    case "lint-lockfile": {
      const problems = checkLockfile(workspace);
      for (const problem of problems) console.error(problem);
      return problems.length > 0 ? 1 : 0;
    }
    case "lint-env": {
      const problems = checkRootEnv(workspace);
      for (const problem of problems) console.error(problem);
      return problems.length > 0 ? 1 : 0;
    }
    default:
      throw new Error(command ? `Unknown command "${command}".\n${USAGE}` : USAGE);
  }
}

function plan(workspace: string, args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      base: { type: "string" },
      head: { type: "string" },
      pr: { type: "string" },
      "max-shards": { type: "string" },
      costs: { type: "string" },
      "github-output": { type: "string" },
    },
  });
  if (!values.base || !values.head) throw new Error(`plan needs --base and --head.\n${USAGE}`);
  const costs: Costs = values.costs
    ? { ...DEFAULT_COSTS, ...JSON.parse(readFileSync(values.costs, "utf8")) }
    : DEFAULT_COSTS;
  const result = runPlan(workspace, values.base, values.head, {
    costs,
    maxShards: values["max-shards"] ? integer("--max-shards", values["max-shards"], 1) : 16,
    pullRequest: values.pr ? integer("--pr", values.pr, 1) : undefined,
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (values["github-output"]) appendFileSync(values["github-output"], githubOutputs(result));
  return 0;
}

/** The plan as step outputs (`$GITHUB_OUTPUT`), one line each, for the workflows' `if:` and matrices. */
export function githubOutputs(plan: Plan): string {
  const outputs: Record<string, string> = {
    tasks: String(plan.tasks),
    shards: JSON.stringify(plan.shardIndexes),
    deploys: String(plan.deploy.services.length > 0),
    "deploy-waves": JSON.stringify(plan.deploy.waves),
    "preview-stage": plan.previewStage ?? "",
    removals: String(plan.removedServices.length > 0),
    "removed-services": JSON.stringify([plan.removedServices]),
  };
  return Object.entries(outputs)
    .map(([name, value]) => `${name}=${value}\n`)
    .join("");
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min)
    throw new Error(`${flag} takes a whole number from ${min}; got "${value}".`);
  return n;
}
