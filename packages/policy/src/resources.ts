import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";

export const TYPES = {
  lambda: "aws:lambda/function:Function",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  queue: "aws:sqs/queue:Queue",
  eventSourceMapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketAcl: "aws:s3/bucketAclV2:BucketAclV2",
  bucketAclV1: "aws:s3/bucketAcl:BucketAcl",
} as const;

export function ofType(evaluation: Evaluation, ...types: string[]): EvaluatedResource[] {
  return evaluation.resources.filter((resource) => types.includes(resource.type));
}

/** A JSON document given as a string (as SST passes IAM and redrive policies) or an object. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The last `:`-separated part of an ARN, e.g. a queue's or function's name. */
export function arnName(arn: unknown): string | undefined {
  if (typeof arn !== "string") return undefined;
  return arn.startsWith("arn:") ? arn.split(":").at(-1) : arn;
}

/** The bucket (aws:s3/bucket or bucketV2) whose name or id is `bucketName`. */
export function bucketNamed(evaluation: Evaluation, bucketName: unknown) {
  return ofType(evaluation, TYPES.bucket, TYPES.bucketV2).find(
    (bucket) => bucket.id === bucketName || bucket.inputs.bucket === bucketName,
  );
}
