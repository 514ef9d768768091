import { type Evaluation, evaluate, resourceNamed } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { permissionPolicies } from "./iam";
import { TYPES } from "./resources";
import { RULES } from "./rules";
import { check, fixture, taggable, withEnv } from "./test-support";

/**
 * Each rule on the resources SST's own components create, evaluated offline. The "careless"
 * fixture applies the platform's conventions and then overrides them in every way issue 9 found,
 * each on its own resource; the "careful" one keeps every rule.
 */
describe("a service that overrides the conventions dangerously", () => {
  let dev: Evaluation;
  let production: Evaluation;
  beforeAll(async () => {
    [dev, production] = await Promise.all([
      evaluate({ appDir: fixture("careless"), stage: "dev" }),
      evaluate({ appDir: fixture("careless"), stage: "production" }),
    ]);
  });

  const violations = () => check([dev, production]).violations;
  const found = (rule: string, resource: string, stage = "production") =>
    violations().find((v) => v.rule === rule && v.resource === resource && v.stage === stage);

  it.each([
    ["iam-trust-service-only", "TrustingRole", 'can be assumed by {"AWS":"*"}', "assumeRolePolicy"],
    ["s3-no-public-access", "OpenBucket", "is public", 'access: "public"'],
    ["s3-tls-only", "OpenBucket", "accepts requests without TLS", "enforceHttps: false"],
    ["iam-no-wildcards", "AdminRole", 'every action ("*") on every resource ("*")', "permissions"],
    [
      "iam-no-wildcards",
      "AllTablesRole",
      'every resource ("arn:aws:dynamodb:*:*:table/*")',
      "permissions",
    ],
    [
      "iam-no-wildcards",
      "AdminAttach",
      "attaches arn:aws:iam::aws:policy/AdministratorAccess",
      "permissions",
    ],
    [
      "lambda-supported-runtime",
      "OldFunction",
      "runs nodejs18.x, deprecated by AWS since 2025-09-01",
      "nodejs22.x",
    ],
    [
      "data-retained-in-production",
      "DisposableBucket",
      "would be deleted with the production stage",
      "retainOnDelete",
    ],
    [
      "sqs-visibility-covers-consumer",
      "JobsQueue",
      "hides a message for 180 s, but its consumer SlowFunction may run for 300 s",
      'visibilityTimeout: "1800 seconds"',
    ],
    [
      "iam-linked-only",
      "NosyRole",
      "(function Nosy, which links Jobs) allows s3:GetObject on arn:aws:s3:::",
      "`link` the resource",
    ],
    ["sqs-dead-letter-queue", "LooseQueue", "has no dead-letter queue", "dlq"],
    ["logs-retention", "ForeverLogGroup", "keeps logs forever", "retention"],
    ["lambda-arm64", "IntelFunction", "runs on x86_64", "architecture"],
    [
      "tags-required",
      "UntaggedBucket",
      'service is "someone-else", not "careless"',
      "applyConventions",
    ],
  ])("fails %s on %s, naming the resource and the fix", (rule, resource, message, fix) => {
    const violation = found(rule, resource);
    expect(
      violation,
      `${rule} on ${resource} in ${JSON.stringify(violations(), null, 1)}`,
    ).toBeDefined();
    expect(violation?.message).toContain(resource);
    expect(violation?.message).toContain(message);
    expect(violation?.fix).toContain(fix);
  });

  it("breaks every rule at least once, so that no rule is untested", () => {
    const broken = new Set(violations().map((v) => v.rule));
    expect(RULES.map((rule) => rule.id).filter((id) => !broken.has(id))).toEqual([]);
  });

  it("fails a consumer that does not report partial batch failures", () => {
    expect(violations().find((v) => v.rule === "sqs-partial-batch-responses")?.message).toMatch(
      /^BatchySubscriber\w+EventSourceMapping \(queue BatchyQueue\) does not report partial batch failures/,
    );
  });

  it("allows a function the actions on what it links, and nothing on what it does not", () => {
    const nosy = found("iam-linked-only", "NosyRole");
    expect(nosy?.message).toMatch(/s3:GetObject on arn:aws:s3:::careless-\S*open\S*\/\*/i);
    // The linked queue's `sqs:*` is on the Jobs queue only, so it is not in the finding.
    expect(nosy?.message).not.toContain("sqs:");
    expect(found("iam-linked-only", "AdminRole")?.message).toContain("* on *");
    expect(found("iam-linked-only", "AllTablesRole")?.message).toContain("table/*");
  });

  it("retains data outside production only where the stage asks for it", () => {
    expect(found("data-retained-in-production", "DisposableBucket", "dev")).toBeUndefined();
    expect(found("lambda-supported-runtime", "OldFunction", "dev")).toBeDefined();
  });

  it("finds nothing on the resources that keep the rules", () => {
    const clean = [
      "SlowFunction",
      "SlowRole",
      "WholeRole",
      "TableTable",
      "TopicTopic",
      "JobsDlqQueue",
      "AdminFunction",
    ];
    expect(violations().filter((v) => clean.includes(v.resource))).toEqual([]);
  });

  it("refuses a runtime on the day AWS deprecates it, not before", () => {
    const onDay = (today: string) =>
      check([production], { today }).violations.filter(
        (v) => v.rule === "lambda-supported-runtime" && v.resource !== "OldFunction",
      );
    expect(onDay("2027-04-29")).toEqual([]);
    expect(onDay("2027-04-30").map((v) => v.resource)).toContain("TrustingFunction");
  });
});

describe("a service that keeps every rule (http + Postgres in a VPC, bucket, queue by ARN, table, topic)", () => {
  let dev: Evaluation;
  let production: Evaluation;
  beforeAll(async () => {
    [dev, production] = await Promise.all([
      evaluate({ appDir: fixture("careful"), stage: "dev" }),
      evaluate({ appDir: fixture("careful"), stage: "production" }),
    ]);
  });

  it("passes every rule in dev and production", () => {
    expect(check([dev, production]).violations).toEqual([]);
  });

  it("grants each function actions only on the ARNs of what it links (Postgres adds none)", () => {
    const arnsOf = (role: string) =>
      permissionPolicies(dev)
        .filter((policy) => policy.resource.name === role)
        .flatMap((policy) => policy.statements.flatMap((statement) => statement.resources))
        .sort();
    const bucket = String(resourceNamed(dev, TYPES.bucket, "FilesBucket").inputs.bucket);
    const table = String(resourceNamed(dev, "aws:dynamodb/table:Table", "TableTable").inputs.name);
    const topic = String(resourceNamed(dev, "aws:sns/topic:Topic", "TopicTopic").inputs.name);
    const queue = String(resourceNamed(dev, TYPES.queue, "QueueQueue").inputs.name);
    const api = arnsOf("ApiRole");
    expect(api).toHaveLength(5);
    expect(api).toEqual(
      expect.arrayContaining([
        `arn:aws:s3:::${bucket}`,
        `arn:aws:s3:::${bucket}/*`,
        expect.stringMatching(new RegExp(`:table/${table}$`)),
        expect.stringMatching(new RegExp(`:table/${table}/\\*$`)),
        expect.stringMatching(new RegExp(`:sns:.*:${topic}$`)),
      ]),
    );
    expect(arnsOf("ConsumerRole")).toEqual([expect.stringMatching(new RegExp(`:${queue}$`))]);
  });

  it("tags every taggable resource in production, the VPC's parts and a table and topic included", () => {
    const taggableHere = production.resources.filter((resource) => taggable.has(resource.type));
    const types = new Set(taggableHere.map((resource) => resource.type));
    for (const type of [
      "aws:ec2/instance:Instance",
      "aws:ec2/eip:Eip",
      "aws:ec2/internetGateway:InternetGateway",
      "aws:ec2/routeTable:RouteTable",
      "aws:iam/instanceProfile:InstanceProfile",
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
      "aws:dynamodb/table:Table",
      "aws:sns/topic:Topic",
    ]) {
      expect(types, type).toContain(type);
    }
    for (const resource of taggableHere) {
      expect(resource.inputs.tags, resource.name).toMatchObject({
        service: "careful",
        owner: "payments",
        stage: "production",
        "managed-by": "shipyard",
      });
    }
  });
});

describe("conventions that are not really applied (defect 2)", () => {
  it("fails when applyConventions appears only in a comment", async () => {
    const evaluation = await withEnv("POLICY_CONVENTIONS", "comment", () =>
      evaluate({ appDir: fixture("careful"), stage: "production" }),
    );
    const rules = new Set(check([evaluation]).violations.map((v) => v.rule));
    expect([...rules]).toEqual(
      expect.arrayContaining([
        "iam-trust-service-only",
        "tags-required",
        "lambda-arm64",
        "logs-retention",
        "sqs-dead-letter-queue",
        "sqs-partial-batch-responses",
      ]),
    );
  });

  it("fails the resources created before a late applyConventions call", async () => {
    const evaluation = await withEnv("POLICY_CONVENTIONS", "late", () =>
      evaluate({ appDir: fixture("careful"), stage: "production" }),
    );
    const { violations } = check([evaluation]);
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "iam-trust-service-only", resource: "ApiRole" }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "lambda-arm64", resource: "ApiFunction" }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ rule: "tags-required", resource: "VpcNatInstance1" }),
    );
  });
});
