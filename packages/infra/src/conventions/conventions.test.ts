import { fileURLToPath } from "node:url";
import {
  type EvaluatedResource,
  type Evaluation,
  evaluate,
  resourceNamed,
  resourcesOfType,
} from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The conventions, checked on the resources SST's own components create for each kind of service,
 * evaluated offline (packages/sst-offline). Fixtures: src/__fixtures__/{http,worker,cron}.
 */
const fixture = (name: string) =>
  fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));

const LAMBDA = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const BUCKET = "aws:s3/bucket:Bucket";
const QUEUE = "aws:sqs/queue:Queue";

const json = (value: unknown) => JSON.parse(String(value));
const tags = (resource: EvaluatedResource) => resource.inputs.tags as Record<string, string>;

async function withEnv<T>(name: string, work: () => Promise<T>): Promise<T> {
  process.env[name] = "1";
  try {
    return await work();
  } finally {
    delete process.env[name];
  }
}

describe("an http service (function, URL, linked bucket)", () => {
  let dev: Evaluation;
  let production: Evaluation;
  beforeAll(async () => {
    [dev, production] = await Promise.all([
      evaluate({ appDir: fixture("http"), stage: "dev" }),
      evaluate({ appDir: fixture("http"), stage: "production" }),
    ]);
  });

  it("gives functions the pinned runtime, arm64, memory and timeout", () => {
    expect(resourceNamed(dev, LAMBDA, "ApiFunction").inputs).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memorySize: 512,
      timeout: 30,
    });
  });

  it("keeps what a service sets itself", () => {
    expect(resourceNamed(dev, LAMBDA, "HeavyFunction").inputs).toMatchObject({
      architectures: ["x86_64"],
      memorySize: 2048,
      timeout: 120,
    });
    expect(resourceNamed(dev, LOG_GROUP, "HeavyLogGroup").inputs.retentionInDays).toBe(365);
    expect(tags(resourceNamed(dev, LAMBDA, "ApiFunction"))["cost-center"]).toBe("42");
  });

  it("keeps logs a week outside production and three months in production", () => {
    expect(resourceNamed(dev, LOG_GROUP, "ApiLogGroup").inputs.retentionInDays).toBe(7);
    expect(resourceNamed(production, LOG_GROUP, "ApiLogGroup").inputs.retentionInDays).toBe(90);
  });

  it("tags every function, role, log group and bucket with service, owner, stage and managed-by", () => {
    const tagged = [LAMBDA, ROLE, LOG_GROUP, BUCKET].flatMap((type) =>
      resourcesOfType(production, type),
    );
    expect(tagged.length).toBeGreaterThanOrEqual(7);
    for (const resource of tagged) {
      expect(tags(resource), resource.name).toMatchObject({
        service: "conv-http",
        owner: "payments",
        stage: "production",
        "managed-by": "shipyard",
      });
    }
  });

  it("limits the function's IAM statements to the bucket it links", () => {
    const [inline] = resourceNamed(dev, ROLE, "ApiRole").inputs.inlinePolicies as {
      policy: string;
    }[];
    const bucketName = resourceNamed(dev, BUCKET, "BucketBucket").inputs.bucket;
    const statements = json(inline?.policy).Statement as { Resource: string[] }[];
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const arn of statement.Resource) {
        expect(arn).toMatch(new RegExp(`^arn:aws:s3:::${bucketName}(/\\*)?$`));
      }
    }
    expect(resourceNamed(dev, ROLE, "HeavyRole").inputs.inlinePolicies).toEqual([]);
  });

  it("makes function roles trust only lambda.amazonaws.com", () => {
    for (const role of resourcesOfType(production, ROLE)) {
      expect(json(role.inputs.assumeRolePolicy).Statement, role.name).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ]);
    }
  });

  it("fixes SST 4.17.1, whose roles also trust the account root in every stage", async () => {
    const plain = await withEnv("CONV_WITHOUT", () =>
      evaluate({ appDir: fixture("http"), stage: "production" }),
    );
    const principals = json(resourceNamed(plain, ROLE, "ApiRole").inputs.assumeRolePolicy)
      .Statement[0].Principal;
    expect(principals.AWS).toMatch(/^arn:aws:iam::\d{12}:root$/);
  });

  it("leaves SST's bridge trust in place under sst dev", async () => {
    const live = await evaluate({ appDir: fixture("http"), stage: "dev", dev: true });
    const statement = json(resourceNamed(live, ROLE, "ApiRole").inputs.assumeRolePolicy)
      .Statement[0];
    expect(JSON.stringify(statement.Principal)).toContain(":root");
  });

  it("keeps buckets private and TLS-only, versioned and retained in production", () => {
    for (const evaluation of [dev, production]) {
      expect(
        resourcesOfType(evaluation, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0]
          ?.inputs,
      ).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      const policy = json(
        resourcesOfType(evaluation, "aws:s3/bucketPolicy:BucketPolicy")[0]?.inputs.policy,
      );
      expect(policy.Statement).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
    }
    const versioning = "aws:s3/bucketVersioning:BucketVersioning";
    expect(resourcesOfType(production, versioning)[0]?.inputs.versioningConfiguration).toEqual({
      status: "Enabled",
    });
    expect(resourcesOfType(dev, versioning)).toEqual([]);
    expect(resourceNamed(production, BUCKET, "BucketBucket").options.retainOnDelete).toBe(true);
    expect(resourceNamed(dev, BUCKET, "BucketBucket").options.retainOnDelete).toBeUndefined();
  });
});

describe("a worker service (queue and consumer)", () => {
  let dev: Evaluation;
  beforeAll(async () => {
    dev = await evaluate({ appDir: fixture("worker"), stage: "dev" });
  });

  it("gives the queue a dead-letter queue after three receives, kept 14 days", () => {
    const dlq = resourceNamed(dev, QUEUE, "QueueDlqQueue");
    const queue = resourceNamed(dev, QUEUE, "QueueQueue");
    expect(dlq.inputs.messageRetentionSeconds).toBe(1_209_600);
    expect(json(queue.inputs.redrivePolicy)).toEqual({
      deadLetterTargetArn: expect.stringContaining(String(dlq.inputs.name).replace(/\.fifo$/, "")),
      maxReceiveCount: 3,
    });
    expect(dlq.inputs.redrivePolicy).toBeUndefined();
  });

  it("hides a received message for six times the consumer's timeout", () => {
    expect(resourceNamed(dev, QUEUE, "QueueQueue").inputs.visibilityTimeoutSeconds).toBe(180);
  });

  it("makes the consumer report partial batch failures", () => {
    const [mapping] = resourcesOfType(dev, "aws:lambda/eventSourceMapping:EventSourceMapping");
    expect(mapping?.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });

  it("refuses a queue that would hand a message to a second consumer while the first still works", async () => {
    await expect(
      withEnv("CONV_SHORT_VISIBILITY", () => evaluate({ appDir: fixture("worker"), stage: "dev" })),
    ).rejects.toThrow(
      'Queue "Tight" has visibilityTimeout "30 seconds", but its consumer may run for "30 seconds": AWS advises at least 6 times the consumer\'s timeout. Set visibilityTimeout: "180 seconds" on the queue',
    );
  });
});

describe("a cron service with a database", () => {
  let dev: Evaluation;
  let production: Evaluation;
  beforeAll(async () => {
    [dev, production] = await Promise.all([
      evaluate({ appDir: fixture("cron"), stage: "dev" }),
      evaluate({ appDir: fixture("cron"), stage: "production" }),
    ]);
  });

  it("applies the function conventions to the job's function", () => {
    const [job] = resourcesOfType(dev, LAMBDA);
    expect(job?.inputs).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"] });
    expect(tags(job as EvaluatedResource).owner).toBe("finance");
  });

  it("retains the database in production only", () => {
    const instance = "aws:rds/instance:Instance";
    expect(resourcesOfType(production, instance)[0]?.options.retainOnDelete).toBe(true);
    expect(resourcesOfType(dev, instance)[0]?.options.retainOnDelete).toBeUndefined();
  });

  it("limits the job's IAM statements to its database's secret, if any", () => {
    const role = resourcesOfType(dev, ROLE).find((candidate) => candidate.name.startsWith("Job"));
    const inline = (role?.inputs.inlinePolicies ?? []) as { policy: string }[];
    for (const { policy } of inline) {
      for (const statement of json(policy).Statement as { Resource: string[] }[]) {
        for (const arn of statement.Resource) expect(arn).not.toBe("*");
      }
    }
  });
});

describe("stage names", () => {
  it("refuses a stage too long for the AWS names SST derives", async () => {
    await expect(
      evaluate({ appDir: fixture("worker"), stage: "feature-login-page" }),
    ).rejects.toThrow('Stage "feature-login-page" is 18 characters; the platform allows 16');
  });
});
