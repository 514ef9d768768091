import { describe, expect, it } from "vitest";
import { taggable } from "./test-support";

/** Taggability is read from @pulumi/aws's classes in the installed SST platform. */
describe("taggableTypes", () => {
  it.each([
    "aws:ec2/instance:Instance",
    "aws:ec2/eip:Eip",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
    "aws:sns/topic:Topic",
    "aws:dynamodb/table:Table",
  ])("knows %s takes tags", (type) => {
    expect(taggable.has(type)).toBe(true);
  });

  it.each([
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:lambda/permission:Permission",
    "aws:s3/bucketPolicy:BucketPolicy",
  ])("knows %s does not (tagging it would fail the deploy)", (type) => {
    expect(taggable.has(type)).toBe(false);
  });
});
