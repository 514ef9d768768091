import { describe, expect, it } from "vitest";
import { evaluate, resourceNamed, resourcesOfType } from "./index.js";
import { fixture } from "./test/fixtures.js";

describe("Postgres in a Vpc", () => {
  it("puts the database in the VPC's private subnets", async () => {
    const evaluation = await evaluate({ appDir: fixture("postgres-vpc") });
    const instance = resourceNamed(evaluation, "aws:rds/instance:Instance", "DatabaseInstance");
    const group = resourceNamed(
      evaluation,
      "aws:rds/subnetGroup:SubnetGroup",
      "DatabaseSubnetGroup",
    );
    expect(instance.inputs).toMatchObject({
      engine: "postgres",
      dbName: "postgres_vpc",
      dbSubnetGroupName: group.inputs.name,
      storageEncrypted: true,
    });
    expect(String(instance.inputs.password)).toMatch(/^[0-9a-f]{32}$/);

    const privateSubnets = resourcesOfType(evaluation, "aws:ec2/subnet:Subnet")
      .filter((subnet) => subnet.name.startsWith("VpcPrivateSubnet"))
      .map((subnet) => subnet.id);
    expect(privateSubnets).toHaveLength(2);
    for (const id of privateSubnets) expect(id).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(group.inputs.subnetIds).toEqual(privateSubnets);

    // nat: "ec2" runs one NAT instance per zone from the fck-nat AMI that Vpc looks up.
    const natInstances = resourcesOfType(evaluation, "aws:ec2/instance:Instance");
    expect(natInstances).toHaveLength(2);
    for (const nat of natInstances) expect(nat.inputs.ami).toMatch(/^ami-[0-9a-f]{17}$/);

    expect(evaluation.outputs).toEqual({
      host: expect.stringMatching(/\.rds\.amazonaws\.com$/),
      port: 5432,
    });
  });
});
