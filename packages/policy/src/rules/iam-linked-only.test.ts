import type { EvaluatedResource, Evaluation } from "@acme/sst-offline";
import { describe, expect, it } from "vitest";
import { iamLinkedOnlyRule } from "./iam-linked-only";

/**
 * How ARNs are matched to linked resources, on a hand-made evaluation (the evaluated cases, with
 * SST's own components, are in ../rules.test.ts).
 */
const urn = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

function resource(type: string, name: string, extra: Partial<EvaluatedResource> = {}) {
  return { urn: urn(type, name), type, name, inputs: {}, options: {}, ...extra };
}

function evaluationWith(arns: string[]): Evaluation {
  const fn = resource("sst:aws:Function", "Worker");
  const role = resource("aws:iam/role:Role", "WorkerRole", {
    parent: fn.urn,
    inputs: {
      inlinePolicies: [
        {
          policy: JSON.stringify({
            Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: arns }],
          }),
        },
      ],
    },
  });
  const linkedComponent = resource("sst:aws:Bucket", "Linked");
  const otherComponent = resource("sst:aws:Bucket", "Other");
  const secretComponent = resource("sst:aws:Secret", "Token");
  const resources = [
    fn,
    role,
    linkedComponent,
    otherComponent,
    secretComponent,
    resource("aws:s3/bucket:Bucket", "LinkedBucket", {
      parent: linkedComponent.urn,
      inputs: { bucket: "app-dev-linked" },
    }),
    resource("aws:s3/bucket:Bucket", "OtherBucket", {
      parent: otherComponent.urn,
      inputs: { bucket: "app-dev-other" },
    }),
    resource("aws:secretsmanager/secret:Secret", "TokenSecret", {
      parent: secretComponent.urn,
      inputs: { name: "app-dev-token" },
    }),
  ];
  return {
    app: { name: "app", stage: "dev" },
    resources,
    outputs: {},
    links: ["Linked", "Other", "Token", "Worker"].map((name) => ({
      name,
      type: "sst.aws.Bucket",
      properties: {},
    })),
    functionLinks: { Worker: ["Linked", "Token"] },
    functions: {},
  };
}

const check = (arns: string[]) =>
  iamLinkedOnlyRule.check(evaluationWith(arns), {
    service: "app",
    owner: "payments",
    stage: "dev",
    production: false,
    today: "2026-11-30",
    taggable: () => true,
  });

describe("iam-linked-only", () => {
  it("allows the linked bucket, its objects and the linked secret whatever AWS's suffix", () => {
    expect(
      check([
        "arn:aws:s3:::app-dev-linked",
        "arn:aws:s3:::app-dev-linked/*",
        "arn:aws:secretsmanager:us-east-1:1:secret:app-dev-token-AbC123",
      ]),
    ).toEqual([]);
  });

  it("fails an unlinked bucket, even when an object key looks like the linked bucket's name", () => {
    const [finding, ...more] = check([
      "arn:aws:s3:::app-dev-linked/*",
      "arn:aws:s3:::app-dev-other/app-dev-linked",
    ]);
    expect(more).toEqual([]);
    expect(finding?.resource).toBe("WorkerRole");
    expect(finding?.message).toContain("s3:GetObject on arn:aws:s3:::app-dev-other/app-dev-linked");
    expect(finding?.message).not.toContain("app-dev-linked/*");
  });

  it("fails an ARN that no resource of the service owns", () => {
    expect(check(["arn:aws:s3:::someone-elses-bucket"])[0]?.message).toContain(
      "someone-elses-bucket",
    );
  });
});
