import { describe, expect, it } from "vitest";
import { inferType, renderLinkTypes } from "./link-types.js";
import { answerInvoke, mockResourceState } from "./runner/mocks.js";
import { renderPolicy } from "./runner/policy.js";
import { exportsName } from "./runner/rpc-server.js";
import type { Evaluation } from "./types.js";

describe("IAM policy rendering (getPolicyDocument)", () => {
  it("renders statements in IAM JSON form", () => {
    expect(
      renderPolicy([
        {
          actions: ["sts:AssumeRole"],
          principals: [
            { type: "Service", identifiers: ["lambda.amazonaws.com"] },
            { type: "AWS", identifiers: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"] },
          ],
        },
        {
          sid: "Deny",
          effect: "deny",
          actions: ["s3:DeleteObject", "s3:PutObject"],
          resources: ["*"],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
        {
          effect: "Allow",
          actions: ["s3:GetObject"],
          principals: [{ type: "*", identifiers: ["*"] }],
        },
      ]),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: {
            Service: "lambda.amazonaws.com",
            AWS: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"],
          },
        },
        {
          Sid: "Deny",
          Effect: "Deny",
          Action: ["s3:DeleteObject", "s3:PutObject"],
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        { Effect: "Allow", Action: "s3:GetObject", Principal: "*" },
      ],
    });
  });

  it("echoes statements and renders json; an empty document has no statements", () => {
    const context = { region: "us-east-1", partition: "aws" };
    const statements = [{ actions: ["s3:*"], resources: ["arn:aws:s3:::b"] }];
    const result = answerInvoke(
      "aws:iam/getPolicyDocument:getPolicyDocument",
      { statements },
      context,
    );
    expect(result.statements).toEqual(statements);
    expect(JSON.parse(String(result.json))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b" }],
    });
    const empty = answerInvoke(
      "aws:iam/getPolicyDocument:getPolicyDocument",
      { statements: [] },
      context,
    );
    expect(empty.statements).toBeUndefined();
  });
});

describe("mocks", () => {
  const context = { region: "eu-west-1", partition: "aws" };

  it("refuses unknown invokes, naming the token and where to add an answer", () => {
    expect(() => answerInvoke("aws:ec2/getVpc:getVpc", {}, context)).toThrow(
      "Offline evaluation cannot answer invoke aws:ec2/getVpc: add an answer in packages/sst-offline/src/runner/mocks.ts (INVOKES).",
    );
  });

  it("derives ids and ARNs from names", () => {
    const queue = {
      type: "aws:sqs/queue:Queue",
      name: "JobsQueue",
      inputs: { name: "app-dev-jobs" },
      custom: true,
    };
    expect(mockResourceState(queue, context)).toEqual({
      id: "https://sqs.eu-west-1.amazonaws.com/123456789012/app-dev-jobs",
      state: {
        name: "app-dev-jobs",
        url: "https://sqs.eu-west-1.amazonaws.com/123456789012/app-dev-jobs",
        arn: "arn:aws:sqs:eu-west-1:123456789012:app-dev-jobs",
      },
    });
    expect(mockResourceState(queue, context)).toEqual(mockResourceState(queue, context));
  });
});

describe("handler exports", () => {
  it.each([
    ["export const handler = async () => {}", true],
    ["export async function handler() {}", true],
    ["export function handler() {}", true],
    ["const main = 1; export { main as handler };", true],
    ["export { handler } from './impl';", true],
    ["export * from './impl';", true],
    ["export const handlerX = 1;", false],
    ["export default async () => {}", false],
  ])("%s → %s", (source, expected) => {
    expect(exportsName(source, "handler")).toBe(expected);
  });
});

describe("sst-env.d.ts inference", () => {
  it("follows SST's rules: sorted keys, nested objects, literal type, any for the rest", () => {
    expect(
      inferType({ z: "s", a: 1, flag: true, list: [1], nested: { type: "x", b: null } }, "  "),
    ).toBe(
      [
        "{",
        '    "a": number',
        '    "flag": boolean',
        '    "list": any',
        '    "nested": {',
        '      "b": any',
        '      "type": "x"',
        "    }",
        '    "z": string',
        "  }",
      ].join("\n"),
    );
  });

  it("writes an empty Resource when no function links anything", () => {
    const evaluation: Evaluation = {
      app: { name: "a", stage: "dev" },
      resources: [],
      outputs: {},
      links: [],
      functionLinks: { Fn: [] },
      functions: {
        Fn: { handler: "src/fn.handler", file: "src/fn.ts", runtime: "nodejs22.x", links: [] },
      },
    };
    expect(renderLinkTypes(evaluation)).toContain(
      'declare module "sst" {\n  export interface Resource {\n  }\n}\n',
    );
  });
});
