import type { DeclaredTarget } from "../needs";
import type { Project } from "../project";
import { build } from "./build";
import { formatCheck } from "./format-check";
import { infra } from "./infra";
import { linkTypes } from "./link-types";
import { lint } from "./lint";
import { platformCheck } from "./platform-check";
import { policy } from "./policy";
import { serve } from "./serve";
import { sstCommands } from "./sst-commands";
import { sstInstall } from "./sst-install";
import { templateCheck } from "./template-check";
import { test } from "./test";
import { typecheck } from "./typecheck";

/**
 * One builder per inferred target. A builder returns the target for a project (or nothing when
 * the project does not get it) together with what it needs (`../needs.ts`); the plugin derives
 * `dependsOn`, inputs and graph edges from the needs. Adding a target is one file in this folder
 * and one entry here.
 */
export type TargetBuilder = (project: Project) => DeclaredTarget | DeclaredTarget[] | undefined;

export const targetBuilders: readonly TargetBuilder[] = [
  lint,
  formatCheck,
  typecheck,
  test,
  sstInstall,
  build,
  infra,
  platformCheck,
  policy,
  templateCheck,
  linkTypes,
  serve,
  sstCommands,
];
