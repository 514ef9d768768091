import { finding, type Rule } from "../types";

/** The resource types that hold data a deleted stage must not take with it. */
export const DATA_RESOURCE_TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:dynamodb/table:Table",
  "aws:efs/fileSystem:FileSystem",
  "aws:opensearch/domain:Domain",
] as const;

/** In production, data resources are retained when the stage is removed. */
export const retainDataRule: Rule = {
  id: "data-retained-in-production",
  title:
    "In production, buckets, databases, tables and file systems are retained on delete (retainOnDelete)",
  check(evaluation, context) {
    if (!context.production) return [];
    return evaluation.resources
      .filter((resource) => (DATA_RESOURCE_TYPES as readonly string[]).includes(resource.type))
      .filter((resource) => resource.options.retainOnDelete !== true)
      .map((resource) =>
        finding(
          resource,
          `${resource.type} ${resource.name} would be deleted with the ${context.stage} stage: it is not retainOnDelete.`,
          "Remove the transform that sets `opts.retainOnDelete = false` (the platform retains data in production), or record a waiver if the data is disposable.",
        ),
      );
  },
};
