import { bucketDefaults } from "./bucket";
import type { ServiceContext } from "./context";
import { PRODUCTION_STAGES, stageProblem } from "@acme/contract";
import { functionDefaults, lambdaOnlyTrust } from "./function";
import { accessLogDefaults } from "./logs";
import { queueDefaults } from "./queue";
import { retainDataInProduction } from "./retention";
import { tagResources } from "./tags";

export interface ConventionOptions {
  /** The service's name, as in `apps/<service>`; also its SST app name. */
  service: string;
  /** The owning team's slug, as in the `owner:<team>` tag. */
  owner: string;
  /** Stages treated as production. @default ["production"] */
  productionStages?: readonly string[];
}

/**
 * Applies the platform's conventions to every component the service creates after this call, as
 * `$transform` defaults: a value the service sets itself always wins.
 *
 * Call it first in `run()`:
 *
 * @example
 * ```ts
 * async run() {
 *   const { applyConventions } = await import("@acme/infra");
 *   applyConventions({ service: "orders", owner: "payments" });
 *   const { infra } = await import("./infra");
 *   return infra();
 * }
 * ```
 */
export function applyConventions(options: ConventionOptions): ServiceContext {
  const problem = stageProblem($app.stage);
  if (problem) throw new Error(problem);
  const context: ServiceContext = {
    service: options.service,
    owner: options.owner,
    stage: $app.stage,
    production: (options.productionStages ?? PRODUCTION_STAGES).includes($app.stage),
    dev: $dev,
  };
  functionDefaults(context);
  accessLogDefaults(context);
  lambdaOnlyTrust(context);
  bucketDefaults(context);
  queueDefaults();
  retainDataInProduction(context);
  tagResources(context);
  return context;
}
