import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  MAX_STAGE_LENGTH,
  maxServiceNameLength,
  physicalNames,
  type ServiceKind,
  SST_DERIVED_COMPONENT,
  serviceComponents,
} from "@acme/contract";
import { type Evaluation, evaluate } from "@acme/sst-offline";
// Nx's own Tree, rooted at a real folder (see generator.test.ts).
import { FsTree, flushChanges } from "nx/src/generators/tree";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceGenerator } from "./generator";
import type { ServiceGeneratorSchema } from "./schema";

/**
 * Every template, rendered for each kind and option and evaluated offline with SST's own components
 * (@acme/sst-offline), checked against @acme/contract:
 *
 * - the service creates exactly the components the contract names, so renaming a component in a
 *   template without updating the contract fails here;
 * - a service whose name is as long as the generator allows, on a stage as long as the platform
 *   allows, gets every AWS name with its whole service name in it (SST cuts the app name first
 *   when a name does not fit).
 */
const realWorkspace = join(__dirname, "..", "..", "..", "..", "..");
const platformDir = join(realWorkspace, "packages", "infra", ".sst", "platform");
const stage = "s".repeat(MAX_STAGE_LENGTH);

interface Variant {
  label: string;
  kind: ServiceKind;
  options: Pick<ServiceGeneratorSchema, "database" | "bucket">;
}

const variants: Variant[] = [
  { label: "http", kind: "http", options: {} },
  {
    label: "http + postgres + bucket",
    kind: "http",
    options: { database: "postgres", bucket: true },
  },
  { label: "worker", kind: "worker", options: {} },
  {
    label: "worker + postgres + bucket",
    kind: "worker",
    options: { database: "postgres", bucket: true },
  },
  { label: "cron", kind: "cron", options: {} },
  { label: "cron + bucket", kind: "cron", options: { bucket: true } },
];

/** A kebab-case name of exactly the longest length the generator accepts for the variant. */
function longestName(index: number, variant: Variant): string {
  const { max } = maxServiceNameLength(variant.kind, variant.options);
  const prefix = `${variant.kind}${index}-`;
  return `${prefix}${"x".repeat(max - prefix.length)}`;
}

/** The AWS name a resource is created with, where it has one. */
const PHYSICAL_NAME_INPUTS = ["name", "bucket", "identifier"] as const;

function physicalNameOf(inputs: Record<string, unknown>): string | undefined {
  for (const key of PHYSICAL_NAME_INPUTS) {
    if (typeof inputs[key] === "string") return inputs[key];
  }
  return undefined;
}

let root: string;
const evaluations = new Map<string, { name: string; evaluation: Evaluation }>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "service-contract-"));
  symlinkSync(join(realWorkspace, "generators"), join(root, "generators"));
  symlinkSync(join(realWorkspace, "node_modules"), join(root, "node_modules"));
  const file = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(content, null, 2));
  };
  file("package.json", { name: "@acme/source", private: true, workspaces: ["apps/*"] });
  file("nx.json", {});

  const tree = new FsTree(root, false);
  const names = variants.map((variant, index) => longestName(index, variant));
  for (const [index, variant] of variants.entries()) {
    await serviceGenerator(tree, {
      name: names[index] as string,
      kind: variant.kind,
      owner: "payments",
      skipInstall: true,
      ...variant.options,
    });
  }
  flushChanges(root, tree.listChanges());

  const results = await Promise.all(
    variants.map((_, index) =>
      evaluate({ appDir: join(root, "apps", names[index] as string), stage, platformDir }),
    ),
  );
  for (const [index, variant] of variants.entries()) {
    evaluations.set(variant.label, {
      name: names[index] as string,
      evaluation: results[index] as Evaluation,
    });
  }
}, 600_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.each(variants)("the service template, $label", (variant) => {
  const evaluated = () => {
    const result = evaluations.get(variant.label);
    if (!result) throw new Error(`${variant.label} was not evaluated`);
    return result;
  };

  it("creates exactly the components @acme/contract names", () => {
    const { evaluation } = evaluated();
    const expected = serviceComponents(variant.kind, variant.options);
    const own: string[] = [];
    for (const resource of evaluation.resources) {
      if (resource.parent !== undefined || !resource.type.startsWith("sst:aws:")) continue;
      const derived = SST_DERIVED_COMPONENT.exec(resource.name);
      // A route or a subscription SST names after one of the service's components.
      if (derived) expect(expected, resource.name).toContain(derived[1]);
      else own.push(resource.name);
    }
    expect(own.sort()).toEqual([...expected].sort());
  });

  it("creates every physical name the contract bounds the service name with", () => {
    const { evaluation } = evaluated();
    const created = evaluation.resources.map((resource) => resource.name);
    for (const physical of physicalNames(variant.kind, variant.options)) {
      expect(created, physical.what).toContain(physical.resource);
    }
  });

  it(`keeps the whole service name in every AWS name, at the longest name on a ${MAX_STAGE_LENGTH}-character stage`, () => {
    const { name, evaluation } = evaluated();
    expect(name).toHaveLength(maxServiceNameLength(variant.kind, variant.options).max);
    // The names the contract bounds the service name with: SST's full form, nothing cut.
    for (const physical of physicalNames(variant.kind, variant.options)) {
      const created = evaluation.resources.filter(
        (resource) => resource.name === physical.resource,
      );
      expect(created.map((resource) => physicalNameOf(resource.inputs))).toEqual([
        expect.stringMatching(
          new RegExp(`^${name}-${stage}-${physical.resource}-[a-z0-9]{8}$`, "i"),
        ),
      ]);
    }
    // Every other AWS name that carries the stage (log groups, policies, ...) carries the whole
    // service name before it.
    for (const resource of evaluation.resources) {
      const physical = physicalNameOf(resource.inputs);
      if (!physical?.includes(stage)) continue;
      expect(physical, `${resource.type} ${resource.name}`).toMatch(
        new RegExp(`(^|[/:])${name}-${stage}-`, "i"),
      );
    }
  });
});
