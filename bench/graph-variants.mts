#!/usr/bin/env node
/**
 * What each part of the services' targets costs Nx: copies of a workspace whose targets are
 * written in project.json files (the copy `plugin-load.mts --keep` makes for "the same targets in
 * project.json, plugins: []"), each with one change to every service's targets, for
 * `graph-size.mts --runs N --workspaces ...` to measure side by side with the same workspace with
 * `plugins: []` (no targets). No plugin runs in any of them, so the differences are Nx's work on
 * the graph the targets make.
 *
 * Variants (each a copy next to the source, `<source>-<variant>`):
 * - `as-inferred`: the targets as the plugin infers them (without the `configurations: {}` and
 *   `parallelism: true` Nx adds to each, which project.json would otherwise repeat);
 * - `trimmed`: without what changes nothing Nx does: `outputs: []` (Nx's default for a target not
 *   named build or prepare), `cache: false` (the default), `args: []` (the run executor's schema
 *   default) and a `dependsOn` on `sst-install` that the target's `evaluate` dependency implies;
 * - `no-metadata`: without `metadata` (descriptions, help, technologies, needs);
 * - `half-targets`: without dev, deploy, remove, serve, link-types, infra and format-check;
 * - `no-targets`: every service with no target;
 * - `target-defaults`: what every service's target shares (all but executor and options) moved to
 *   nx.json's `targetDefaults`, keyed by target name (the node Nx builds is the same).
 *
 * Usage: node --import tsx bench/graph-variants.mts --from <copy with targets in project.json>
 *   [--variants as-inferred,no-metadata,...]
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "./lib/measure.mts";

interface Target {
  executor?: string;
  cache?: boolean;
  outputs?: string[];
  dependsOn?: (string | object)[];
  options?: Record<string, unknown>;
  metadata?: unknown;
  [key: string]: unknown;
}
interface ProjectJson {
  name: string;
  root: string;
  targets: Record<string, Target>;
  [key: string]: unknown;
}

/** Edits every service's targets; returns nx.json keys to set, if any. */
type Variant = (services: ProjectJson[]) => Record<string, unknown> | undefined;

const notNxDefaults = (target: Target) => {
  delete target.configurations;
  delete target.parallelism;
};

const variants: Record<string, Variant> = {
  "as-inferred": () => undefined,
  trimmed: (services) => {
    for (const { targets } of services) {
      for (const [name, target] of Object.entries(targets)) {
        if (target.outputs?.length === 0 && name !== "build" && name !== "prepare") {
          delete target.outputs;
        }
        if (target.cache === false) delete target.cache;
        const args = target.options?.args;
        if (Array.isArray(args) && args.length === 0) delete target.options?.args;
        if (target.dependsOn?.includes("evaluate")) {
          target.dependsOn = target.dependsOn.filter(
            (dependency) => typeof dependency !== "string" || !dependency.endsWith(":sst-install"),
          );
        }
      }
    }
    return undefined;
  },
  "no-metadata": (services) => {
    for (const { targets } of services) {
      for (const target of Object.values(targets)) delete target.metadata;
    }
    return undefined;
  },
  "half-targets": (services) => {
    const dropped = ["dev", "deploy", "remove", "serve", "link-types", "infra", "format-check"];
    for (const { targets } of services) for (const name of dropped) delete targets[name];
    return undefined;
  },
  "no-targets": (services) => {
    for (const service of services) service.targets = {};
    return undefined;
  },
  "target-defaults": (services) => {
    const shared = ["metadata", "cache", "inputs", "outputs", "dependsOn", "continuous"];
    const targetDefaults: Record<string, Record<string, unknown>> = {};
    for (const { name: project, targets } of services) {
      for (const [name, target] of Object.entries(targets)) {
        const part = Object.fromEntries(
          shared.filter((key) => key in target).map((key) => [key, target[key]]),
        );
        const known = targetDefaults[name];
        if (known && JSON.stringify(known) !== JSON.stringify(part)) {
          throw new Error(
            `${project}'s ${name} differs from the other services': no default fits.`,
          );
        }
        targetDefaults[name] = part;
        for (const key of shared) delete target[key];
      }
    }
    return { targetDefaults };
  },
};

const args = parseArgs(process.argv.slice(2));
if (typeof args.from !== "string") {
  console.error("Give the copy with the targets in project.json: --from <dir>");
  process.exit(1);
}
const source = resolve(args.from);
const chosen = typeof args.variants === "string" ? args.variants.split(",") : Object.keys(variants);

const made: string[] = [];
for (const name of chosen) {
  const variant = variants[name];
  if (!variant)
    throw new Error(`Unknown variant ${name}; known: ${Object.keys(variants).join(", ")}`);
  const copy = `${source}-${name}`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(source, copy, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => !path.startsWith(join(source, ".nx")),
  });
  const services = readdirSync(join(copy, "apps"))
    .map((folder) => join(copy, "apps", folder, "project.json"))
    .filter((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false;
      }
    });
  const projects = services.map((file) => JSON.parse(readFileSync(file, "utf8")) as ProjectJson);
  for (const { targets } of projects) Object.values(targets).forEach(notNxDefaults);
  const nxJsonEdit = variant(projects);
  projects.forEach((project, index) => {
    writeFileSync(services[index] as string, `${JSON.stringify(project, null, 2)}\n`);
  });
  if (nxJsonEdit) {
    const nxJsonPath = join(copy, "nx.json");
    const nxJson = JSON.parse(readFileSync(nxJsonPath, "utf8")) as Record<string, unknown>;
    writeFileSync(nxJsonPath, `${JSON.stringify({ ...nxJson, ...nxJsonEdit }, null, 2)}\n`);
  }
  made.push(copy);
  console.log(`${name}: ${copy} (${projects.length} projects under apps/)`);
}
console.log(
  `\nMeasure them beside the copy with plugins: []:\n  node --import tsx bench/graph-size.mts --runs 5 --workspaces ${made.join(",")},<the plugins: [] copy>`,
);
