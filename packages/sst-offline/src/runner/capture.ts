/**
 * Capturing what the program registers, at Pulumi's mock monitor: every resource with its inputs
 * and the options that `mocks.newResource` never sees (`retainOnDelete`, `protect`,
 * `ignoreChanges`, explicit `dependsOn`, `deleteBeforeReplace`), the mock ids, and the outputs of
 * SST's `LinkRef`s (what `Resource.<name>` holds). URNs are made as the engine makes them, not as
 * the mock monitor does: SST derives link types from URNs.
 */
import type { ResourceOptions } from "../types.js";
import { plainObject } from "./serialize.js";

/** A protobuf `Struct` as Pulumi's generated classes expose it. */
interface Struct {
  toJavaScript(): unknown;
}

/** The parts of Pulumi's `RegisterResourceRequest` read here (generated protobuf getters). */
export interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getPropertydependenciesMap(): {
    forEach(callback: (dependencies: { getUrnsList(): string[] }) => void): void;
  };
  getDependenciesList(): string[];
  getRetainondelete(): boolean;
  getProtect(): boolean;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
}

export interface RegisterResourceOutputsRequest {
  getUrn(): string;
  getOutputs(): Struct | undefined;
}

type Callback = (error: unknown, response: { getId?: () => string } | undefined) => void;

/** The parts of Pulumi's `MockMonitor` (runtime/mocks.ts) that capture wraps. */
export interface MockMonitor {
  newUrn(parent: string | undefined, type: string, name: string): string;
  registerResource(request: RegisterResourceRequest, callback: Callback): unknown;
  registerResourceOutputs(request: RegisterResourceOutputsRequest, callback: Callback): unknown;
}

export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  /** The parent's URN; undefined at the top of the stack. */
  parent: string | undefined;
  custom: boolean;
  inputs: Record<string, unknown>;
  options: ResourceOptions;
}

/** What the program registered, filled in as it runs. */
export interface Capture {
  /** Every resource but the root stack, by URN. */
  resources: Map<string, CapturedResource>;
  /** The mock id of each custom resource, by URN. */
  ids: Map<string, string>;
  /** The outputs of each `sst:sst:LinkRef`, by URN. */
  linkRefs: Map<string, Record<string, unknown>>;
}

export interface StackName {
  /** The app (Pulumi project) name. */
  name: string;
  stage: string;
}

const STACK_TYPE = "pulumi:pulumi:Stack";
const LINK_REF_TYPE = "sst:sst:LinkRef";

/** The root stack's URN. */
export function stackUrn({ name, stage }: StackName): string {
  return `urn:pulumi:${stage}::${name}::${STACK_TYPE}::${name}-${stage}`;
}

/**
 * A URN as the engine makes it: the parent's qualified type, `$`, the type; no qualification for
 * children of the root stack.
 */
export function engineUrn(
  app: StackName,
  parent: string | undefined,
  type: string,
  name: string,
): string {
  const qualified = parent && parent !== stackUrn(app) ? `${parent.split("::")[2]}$${type}` : type;
  return `urn:pulumi:${app.stage}::${app.name}::${qualified}::${name}`;
}

/**
 * The options a resource was registered with, as the evaluation reports them: only those set;
 * `dependsOn` without the dependencies already implied by inputs, deduplicated and sorted.
 */
export function resourceOptionsOf(request: RegisterResourceRequest): ResourceOptions {
  const implied = new Set<string>();
  request.getPropertydependenciesMap().forEach((dependencies) => {
    for (const urn of dependencies.getUrnsList()) implied.add(urn);
  });
  const options: ResourceOptions = {};
  if (request.getRetainondelete()) options.retainOnDelete = true;
  if (request.getProtect()) options.protect = true;
  const ignoreChanges = request.getIgnorechangesList();
  if (ignoreChanges.length > 0) options.ignoreChanges = [...ignoreChanges];
  const dependsOn = request.getDependenciesList().filter((urn) => !implied.has(urn));
  if (dependsOn.length > 0) options.dependsOn = [...new Set(dependsOn)].sort();
  if (request.getDeletebeforereplace()) options.deleteBeforeReplace = true;
  return options;
}

/**
 * Wraps `monitor` so that every registration is recorded in the returned {@link Capture} before
 * the mock monitor handles it. A URN registered twice is reported to `onError` (the engine refuses
 * it too).
 */
export function captureRegistrations(
  monitor: MockMonitor,
  app: StackName,
  onError: (error: Error) => void,
): Capture {
  const capture: Capture = { resources: new Map(), ids: new Map(), linkRefs: new Map() };
  const root = stackUrn(app);
  monitor.newUrn = (parent, type, name) => engineUrn(app, parent, type, name);

  const registerResource = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    const type = request.getType();
    const parent = request.getParent() || undefined;
    const urn = engineUrn(app, parent, type, request.getName());
    if (capture.resources.has(urn)) {
      onError(new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`));
    }
    if (type !== STACK_TYPE) {
      capture.resources.set(urn, {
        urn,
        type,
        name: request.getName(),
        parent: parent !== root ? parent : undefined,
        custom: request.getCustom(),
        inputs: plainObject(request.getObject()?.toJavaScript() ?? {}),
        options: resourceOptionsOf(request),
      });
    }
    return registerResource(request, (error, response) => {
      const id = response?.getId?.();
      if (id) capture.ids.set(urn, id);
      callback(error, response);
    });
  };

  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (request, callback) => {
    const urn = request.getUrn();
    if (urn.split("::")[2]?.endsWith(LINK_REF_TYPE)) {
      capture.linkRefs.set(urn, plainObject(request.getOutputs()?.toJavaScript() ?? {}));
    }
    return registerResourceOutputs(request, callback);
  };
  return capture;
}
