import { describe, expect, it } from "vitest";
import type { CompletedApp } from "./app-config.js";
import type { Capture } from "./capture.js";
import type { FunctionBuild } from "./rpc-server.js";
import {
  ARCHIVE_SIG,
  ASSET_SIG,
  assembleEvaluation,
  OUTPUT_SIG,
  plain,
  RESOURCE_SIG,
  SECRET_SIG,
  SIG,
  UNKNOWN,
} from "./serialize.js";

describe("plain", () => {
  it("turns Pulumi's serialized values into plain JSON with sorted keys", () => {
    expect(
      plain({
        zeta: [{ [SIG]: SECRET_SIG, value: "s3cret" }, UNKNOWN],
        alpha: { [SIG]: OUTPUT_SIG, value: { b: 2, a: 1 } },
        role: { [SIG]: RESOURCE_SIG, urn: "urn:pulumi:dev::app::aws:iam/role:Role::R" },
        code: {
          [SIG]: ARCHIVE_SIG,
          assets: { "index.mjs": { [SIG]: ASSET_SIG, text: "export {}" } },
        },
        file: { [SIG]: ASSET_SIG, path: "/a/b" },
        remote: { [SIG]: ARCHIVE_SIG, uri: "https://x" },
        __provider: "serialized closure",
      }),
    ).toStrictEqual({
      __provider: "<dynamic provider>",
      alpha: { a: 1, b: 2 },
      code: {
        $archive: "AssetArchive",
        assets: { "index.mjs": { $asset: "StringAsset", text: "export {}" } },
      },
      file: { $asset: "FileAsset", path: "/a/b" },
      remote: { $archive: "RemoteArchive", uri: "https://x" },
      role: "urn:pulumi:dev::app::aws:iam/role:Role::R",
      zeta: ["s3cret", "<unknown>"],
    });
    expect(Object.keys(plain({ b: 1, a: 2 }) as object)).toEqual(["a", "b"]);
  });
});

describe("assembleEvaluation", () => {
  const app: CompletedApp = {
    name: "orders",
    stage: "dev",
    removal: "remove",
    providers: { aws: {} },
    home: "aws",
    version: "",
    protect: false,
  };
  const resource = (urn: string, name: string) => ({
    urn,
    type: "aws:sqs/queue:Queue",
    name,
    parent: undefined,
    custom: true,
    inputs: {},
    options: {},
  });
  const build = (name: string, links: Record<string, Record<string, unknown>>): FunctionBuild => ({
    name,
    handler: `src/${name}.handler`,
    file: `src/${name}.ts`,
    runtime: "nodejs22.x",
    links,
  });

  it("sorts resources by URN, functions and links by name, and drops SST's `_` outputs", () => {
    const capture: Capture = {
      resources: new Map([
        ["urn:b", resource("urn:b", "B")],
        ["urn:a", resource("urn:a", "A")],
      ]),
      ids: new Map([["urn:a", "queue-a"]]),
      linkRefs: new Map([
        ["urn:link", { target: "Queue", properties: { type: "sst.aws.Queue", url: "u" } }],
        ["urn:no-target", { properties: { type: "x" } }],
      ]),
    };
    const functions = new Map([
      ["Worker", build("Worker", { Queue: { type: "sst.aws.Queue", url: "u" } })],
      ["Api", build("Api", { Bucket: { type: "sst.aws.Bucket", name: "files" }, Queue: {} })],
    ]);
    const evaluation = assembleEvaluation({
      app,
      capture,
      functions,
      outputs: { url: "https://api", _protect: true, api: "x" },
    });
    expect(evaluation.app).toEqual({
      name: "orders",
      stage: "dev",
      removal: "remove",
      protect: false,
    });
    expect(evaluation.resources.map((r) => [r.urn, r.id])).toEqual([
      ["urn:a", "queue-a"],
      ["urn:b", undefined],
    ]);
    expect("id" in (evaluation.resources[1] ?? {})).toBe(false);
    expect(Object.keys(evaluation.outputs)).toEqual(["api", "url"]);
    expect(Object.keys(evaluation.functions)).toEqual(["Api", "Worker"]);
    expect(evaluation.functionLinks).toEqual({ Api: ["Bucket", "Queue"], Worker: ["Queue"] });
    // The Bucket got no LinkRef: it is known from the function that links it.
    expect(evaluation.links).toEqual([
      {
        name: "Bucket",
        type: "sst.aws.Bucket",
        properties: { name: "files", type: "sst.aws.Bucket" },
      },
      { name: "Queue", type: "sst.aws.Queue", properties: { type: "sst.aws.Queue", url: "u" } },
    ]);
  });
});
