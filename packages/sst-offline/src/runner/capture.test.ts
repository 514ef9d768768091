import { describe, expect, it, vi } from "vitest";
import {
  captureRegistrations,
  engineUrn,
  type MockMonitor,
  type RegisterResourceOutputsRequest,
  type RegisterResourceRequest,
  stackUrn,
} from "./capture.js";
import { SECRET_SIG, SIG } from "./serialize.js";

const app = { name: "orders", stage: "dev" };
const STACK = stackUrn(app);

interface Registration {
  type: string;
  name: string;
  parent?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  propertyDependencies?: string[][];
  dependencies?: string[];
  retainOnDelete?: boolean;
  protect?: boolean;
  ignoreChanges?: string[];
  deleteBeforeReplace?: boolean;
}

/** A RegisterResourceRequest as Pulumi's generated protobuf class exposes it. */
function request(registration: Registration): RegisterResourceRequest {
  return {
    getType: () => registration.type,
    getName: () => registration.name,
    getParent: () => registration.parent ?? "",
    getCustom: () => registration.custom ?? true,
    getObject: () => ({ toJavaScript: () => registration.inputs ?? {} }),
    getPropertydependenciesMap: () => ({
      forEach: (callback) => {
        for (const urns of registration.propertyDependencies ?? []) {
          callback({ getUrnsList: () => urns });
        }
      },
    }),
    getDependenciesList: () => registration.dependencies ?? [],
    getRetainondelete: () => registration.retainOnDelete ?? false,
    getProtect: () => registration.protect ?? false,
    getIgnorechangesList: () => registration.ignoreChanges ?? [],
    getDeletebeforereplace: () => registration.deleteBeforeReplace ?? false,
  };
}

/** A mock monitor that answers every registration with an id derived from the name. */
function fakeMonitor() {
  const forwarded: string[] = [];
  const monitor: MockMonitor = {
    newUrn: (_parent, type, name) => `mock::${type}::${name}`,
    registerResource(req, callback) {
      forwarded.push(req.getName());
      callback(undefined, { getId: () => `id-${req.getName()}` });
    },
    registerResourceOutputs(req, callback) {
      forwarded.push(req.getUrn());
      callback(undefined, undefined);
    },
  };
  return { monitor, forwarded };
}

function outputs(urn: string, values: Record<string, unknown>): RegisterResourceOutputsRequest {
  return { getUrn: () => urn, getOutputs: () => ({ toJavaScript: () => values }) };
}

describe("engineUrn", () => {
  it("qualifies a child with its parent's type chain, not the root stack's", () => {
    const component = engineUrn(app, STACK, "sst:aws:Function", "Api");
    expect(component).toBe("urn:pulumi:dev::orders::sst:aws:Function::Api");
    expect(engineUrn(app, component, "aws:iam/role:Role", "ApiRole")).toBe(
      "urn:pulumi:dev::orders::sst:aws:Function$aws:iam/role:Role::ApiRole",
    );
    expect(engineUrn(app, undefined, "pulumi:pulumi:Stack", "orders-dev")).toBe(STACK);
  });
});

describe("captureRegistrations", () => {
  it("records each resource with its inputs, parent, id and the options mocks never see", () => {
    const { monitor, forwarded } = fakeMonitor();
    const capture = captureRegistrations(monitor, app, () => {});
    const callback = vi.fn();
    monitor.registerResource(
      request({ type: "pulumi:pulumi:Stack", name: "orders-dev", custom: false }),
      callback,
    );
    const componentUrn = engineUrn(app, STACK, "sst:aws:Bucket", "Files");
    monitor.registerResource(
      request({ type: "sst:aws:Bucket", name: "Files", parent: STACK, custom: false }),
      callback,
    );
    monitor.registerResource(
      request({
        type: "aws:s3/bucketV2:BucketV2",
        name: "FilesBucket",
        parent: componentUrn,
        inputs: { bucket: "files", secret: { [SIG]: SECRET_SIG, value: "hidden" } },
        propertyDependencies: [["urn:b"]],
        dependencies: ["urn:c", "urn:b", "urn:a", "urn:c"],
        retainOnDelete: true,
        protect: true,
        ignoreChanges: ["tags"],
        deleteBeforeReplace: true,
      }),
      callback,
    );

    expect(forwarded).toEqual(["orders-dev", "Files", "FilesBucket"]);
    expect(callback).toHaveBeenCalledTimes(3);
    expect([...capture.resources.keys()]).toEqual([
      componentUrn,
      "urn:pulumi:dev::orders::sst:aws:Bucket$aws:s3/bucketV2:BucketV2::FilesBucket",
    ]);
    expect(capture.resources.get(componentUrn)).toMatchObject({ parent: undefined, options: {} });
    const bucketUrn =
      "urn:pulumi:dev::orders::sst:aws:Bucket$aws:s3/bucketV2:BucketV2::FilesBucket";
    expect(capture.resources.get(bucketUrn)).toEqual({
      urn: bucketUrn,
      type: "aws:s3/bucketV2:BucketV2",
      name: "FilesBucket",
      parent: componentUrn,
      custom: true,
      inputs: { bucket: "files", secret: "hidden" },
      options: {
        retainOnDelete: true,
        protect: true,
        ignoreChanges: ["tags"],
        // urn:b is implied by an input; the rest deduplicated and sorted.
        dependsOn: ["urn:a", "urn:c"],
        deleteBeforeReplace: true,
      },
    });
    expect(capture.ids.get(bucketUrn)).toBe("id-FilesBucket");
    expect(monitor.newUrn(componentUrn, "aws:s3/bucketPolicy:BucketPolicy", "Policy")).toBe(
      "urn:pulumi:dev::orders::sst:aws:Bucket$aws:s3/bucketPolicy:BucketPolicy::Policy",
    );
  });

  it("reports a URN registered twice", () => {
    const { monitor } = fakeMonitor();
    const onError = vi.fn();
    captureRegistrations(monitor, app, onError);
    const fn = request({ type: "sst:aws:Function", name: "Api", parent: STACK, custom: false });
    monitor.registerResource(fn, () => {});
    expect(onError).not.toHaveBeenCalled();
    monitor.registerResource(fn, () => {});
    expect(onError).toHaveBeenCalledWith(
      new Error(
        "Duplicate resource URN 'urn:pulumi:dev::orders::sst:aws:Function::Api'; try giving it a unique name",
      ),
    );
  });

  it("keeps the outputs of SST's LinkRefs only", () => {
    const { monitor, forwarded } = fakeMonitor();
    const capture = captureRegistrations(monitor, app, () => {});
    const linkRef = "urn:pulumi:dev::orders::sst:aws:Bucket$sst:sst:LinkRef::FilesLinkRef";
    monitor.registerResourceOutputs(
      outputs(linkRef, { target: "Files", properties: { name: "files", type: "sst.aws.Bucket" } }),
      () => {},
    );
    monitor.registerResourceOutputs(outputs(STACK, { url: "https://x" }), () => {});
    expect(forwarded).toEqual([linkRef, STACK]);
    expect([...capture.linkRefs.entries()]).toEqual([
      [linkRef, { properties: { name: "files", type: "sst.aws.Bucket" }, target: "Files" }],
    ]);
  });
});
