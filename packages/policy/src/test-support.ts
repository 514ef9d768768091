import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { layout } from "@acme/contract";
import type { Evaluation } from "@acme/sst-offline";
import { type CheckEvaluationsOptions, checkEvaluations } from "./service";
import { taggableTypes } from "./taggable";

/** Test helpers shared by the policy tests (not part of the package's API). */
export const fixture = (name: string) =>
  fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

export const workspaceRoot = fileURLToPath(new URL("../../..", import.meta.url));

export const taggable = taggableTypes(
  join(workspaceRoot, layout.platformProjectRoot, layout.sstPlatformDir),
);

/** Checks evaluations as the CLI does, on a fixed day, with the given waivers. */
export function check(evaluations: Evaluation[], options: Partial<CheckEvaluationsOptions> = {}) {
  return checkEvaluations(evaluations, {
    owner: "payments",
    today: "2026-11-30",
    taggable: (type) => taggable.has(type),
    waivers: [],
    reportUnusedWaivers: true,
    ...options,
  });
}

export async function withEnv<T>(name: string, value: string, work: () => Promise<T>): Promise<T> {
  process.env[name] = value;
  try {
    return await work();
  } finally {
    delete process.env[name];
  }
}
