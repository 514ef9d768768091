import type { ServiceContext } from "./context";
import { pulumiType } from "./tags";

/**
 * The resources that hold data. In production they are retained when the stage is removed (Pulumi
 * forgets them instead of deleting them), whatever the app's `removal` setting says.
 */
export const dataResourceTypes = [
  "aws:s3/bucket:Bucket",
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:dynamodb/table:Table",
] as const;

export function retainDataInProduction(context: ServiceContext): void {
  if (!context.production) return;
  for (const type of dataResourceTypes) {
    $transform(pulumiType(type), (_args, opts: $util.CustomResourceOptions) => {
      opts.retainOnDelete ??= true;
    });
  }
}
