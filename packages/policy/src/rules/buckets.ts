import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";
import { statementsOf } from "../iam";
import { ofType, TYPES } from "../resources";
import { finding, type Rule } from "../types";

const BLOCK_SETTINGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

const buckets = (evaluation: Evaluation) => ofType(evaluation, TYPES.bucket, TYPES.bucketV2);
const bucketName = (bucket: EvaluatedResource) => bucket.inputs.bucket ?? bucket.id;

/** The resources of `type` that configure `bucket` (they name it in their `bucket` input). */
function attached(evaluation: Evaluation, type: string, bucket: EvaluatedResource) {
  return ofType(evaluation, type).filter(
    (resource) => resource.inputs.bucket === bucketName(bucket),
  );
}

function policyStatements(evaluation: Evaluation, bucket: EvaluatedResource) {
  return attached(evaluation, TYPES.bucketPolicy, bucket).flatMap((policy) =>
    statementsOf(policy.inputs.policy),
  );
}

/** No bucket is public: all four public-access blocks on, no public ACL, no policy allowing `*`. */
export const publicBucketRule: Rule = {
  id: "s3-no-public-access",
  title:
    "Buckets block every kind of public access (all four public access block settings, no public ACL or policy)",
  check(evaluation) {
    const fix =
      'Remove `access: "public"` (and any `transform.publicAccessBlock`); serve public files through a CDN (`sst.aws.Router`) or presigned URLs, or record a waiver if the bucket must be public.';
    return buckets(evaluation).flatMap((bucket) => {
      const blocks = attached(evaluation, TYPES.publicAccessBlock, bucket);
      const off = BLOCK_SETTINGS.filter(
        (setting) => !blocks.some((block) => block.inputs[setting] === true),
      );
      const publicAllows = policyStatements(evaluation, bucket).filter(
        (statement) =>
          statement.effect === "Allow" &&
          statement.principals.some((principal) => principal.value === "*"),
      );
      const acls = [
        bucket,
        ...attached(evaluation, TYPES.bucketAcl, bucket),
        ...attached(evaluation, TYPES.bucketAclV1, bucket),
      ]
        .map((resource) => resource.inputs.acl)
        .filter((acl): acl is string => typeof acl === "string" && acl.startsWith("public"));
      const problems = [
        off.length > 0 && `its public access block leaves ${off.join(", ")} off`,
        publicAllows.length > 0 &&
          `its policy allows ${publicAllows.flatMap((statement) => statement.actions).join(", ")} to everyone ("*")`,
        acls.length > 0 && `its ACL is ${acls.join(", ")}`,
      ].filter((problem): problem is string => Boolean(problem));
      if (problems.length === 0) return [];
      return [finding(bucket, `Bucket ${bucket.name} is public: ${problems.join("; ")}.`, fix)];
    });
  },
};

/** Every bucket refuses requests without TLS (a Deny on `aws:SecureTransport` false). */
export const tlsRule: Rule = {
  id: "s3-tls-only",
  title: "Buckets refuse requests that do not use TLS (policy denies aws:SecureTransport = false)",
  check(evaluation) {
    return buckets(evaluation).flatMap((bucket) => {
      const denies = policyStatements(evaluation, bucket).some(
        (statement) =>
          statement.effect === "Deny" &&
          statement.principals.some((principal) => principal.value === "*") &&
          statement.actions.some((action) => action === "*" || action === "s3:*") &&
          String(statement.condition.Bool?.["aws:SecureTransport"]) === "false",
      );
      if (denies) return [];
      return [
        finding(
          bucket,
          `Bucket ${bucket.name} accepts requests without TLS: no bucket policy denies every S3 action to everyone when aws:SecureTransport is false.`,
          "Remove `enforceHttps: false` from the bucket (the platform sets it to true).",
        ),
      ];
    });
  },
};
