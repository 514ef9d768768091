import { SERVICE_KINDS, SERVICE_NAME_PATTERN, type ServiceKind } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { readJson } from "./devkit";
import { workspaceScope } from "../service/validate";

/** A service of the workspace, as the grow commands (route, consumer, resource) see it. */
export interface ExistingService {
  name: string;
  /** `apps/<name>`. */
  root: string;
  kind: ServiceKind;
  /** The npm scope, e.g. `acme`. */
  org: string;
  /** The generator answers recorded in package.json ("shipyard"). */
  answers: Record<string, unknown>;
}

/** Bad input to a grow command: the message names the problem and the fix. */
export class GrowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GrowError";
  }
}

/** The service `apps/<name>`, made with `nx g @<org>/platform:service`; throws a {@link GrowError}. */
export function readService(tree: Tree, name: unknown): ExistingService {
  const org = workspaceScope(tree);
  const given = typeof name === "string" ? name.trim() : "";
  if (given === "") {
    throw new GrowError(`Name the service: the first argument, e.g. "orders" for apps/orders.`);
  }
  const root = `apps/${given}`;
  const manifest = `${root}/package.json`;
  const services = () =>
    (tree.exists("apps")
      ? tree.children("apps").filter((child) => tree.exists(`apps/${child}/package.json`))
      : []
    ).join(", ") || "none";
  if (!SERVICE_NAME_PATTERN.test(given)) {
    throw new GrowError(
      `"${given}" is not a service name: name a folder of apps/, one of ${services()}.`,
    );
  }
  if (!tree.exists(manifest)) {
    throw new GrowError(
      `There is no service "${given}" (no ${manifest}). Services here: ${services()}. Create one with nx g @${org}/platform:service ${given}.`,
    );
  }
  const shipyard = readJson<{ shipyard?: { answers?: Record<string, unknown> } }>(
    tree,
    manifest,
  ).shipyard;
  const kind = shipyard?.answers?.kind;
  if (typeof kind !== "string" || !(SERVICE_KINDS as readonly string[]).includes(kind)) {
    throw new GrowError(
      `${manifest} has no "shipyard.answers.kind" (http, worker or cron): ${given} was not made by nx g @${org}/platform:service, so its layout is unknown. Add the part by hand.`,
    );
  }
  return { name: given, root, kind: kind as ServiceKind, org, answers: shipyard?.answers ?? {} };
}

/**
 * Checks that a file the templates inject into still has the line they inject at. hygen's
 * injector puts the text before the last line when its anchor is missing, which would corrupt a
 * file a team has reshaped: refuse instead, saying what to restore.
 */
export function requireAnchor(tree: Tree, path: string, anchor: RegExp, what: string): string {
  const content = tree.read(path, "utf-8");
  if (content === null) {
    throw new GrowError(
      `${path} does not exist; the command adds ${what} there. Restore it from the service template.`,
    );
  }
  if (!anchor.test(content)) {
    throw new GrowError(
      `${path} no longer has the line the command adds ${what} at (${anchor.source}). Restore that line (see generators/service/new) or add the part by hand.`,
    );
  }
  return content;
}

/** A string as a regular expression that matches it literally (for `skip_if`). */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
