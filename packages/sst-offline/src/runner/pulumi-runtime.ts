/**
 * The platform's own `@pulumi/pulumi`, loaded fast and put under mocks: the same copy the program's
 * external `@pulumi/*` imports resolve to, so the mocks are the ones the components talk to.
 */
import Module, { createRequire } from "node:module";
import { join, sep } from "node:path";
import type { CompletedApp } from "./app-config.js";
import type { MockMonitor } from "./capture.js";
import { answerInvoke, type MockContext, mockResourceState } from "./mocks.js";

/** The parts of `@pulumi/pulumi` the runner uses. */
export interface PulumiRuntime {
  runtime: {
    setMocks(
      mocks: {
        call(args: { token: string; inputs: Record<string, unknown> }): Record<string, unknown>;
        newResource(args: {
          type: string;
          name: string;
          inputs: Record<string, unknown>;
          custom?: boolean;
        }): { id: string | undefined; state: Record<string, unknown> };
      },
      project: string,
      stack: string,
      preview: boolean,
    ): Promise<void>;
    runInPulumiStack(program: () => Promise<unknown>): Promise<Record<string, unknown> | undefined>;
  };
  /** The mock monitor, once mocks are set. */
  monitor(): MockMonitor;
  /**
   * Runs `work` with a fresh Pulumi store (settings, mocks, stack resource, transformations) in
   * its asynchronous context, as the Automation API runs each inline program: what one program
   * sets up is invisible to the next.
   */
  withFreshStore<T>(work: () => Promise<T>): Promise<T>;
}

/** The packages `@pulumi/pulumi` loads at start-up for closure serialization only. */
const DEFERRED = new Set(["typescript", "@npmcli/arborist"]);

/**
 * Source-mapped stack traces, which an older `@pulumi/pulumi` (nested under `@pulumi/tls`, which
 * SST's Vpc loads) installs process-wide when it loads. Pulumi takes a stack trace for every
 * resource and every promise it tracks (`debuggablePromise`, `Resource.callsites`), so with it
 * installed each one also searches for source maps: about 0.3 s of a typical evaluation on an idle
 * machine. The bundled program has no source maps, and errors are reported by message: a stub.
 */
const STUBBED: Record<string, unknown> = {
  "source-map-support/register": {},
  "source-map-support": { install: () => {} },
};

interface ModuleLoader {
  _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
}

/** Whether the loader is already patched (a batch loads Pulumi once per program). */
let deferring = false;

/**
 * `@pulumi/pulumi` loads TypeScript and npm's Arborist when it starts (about 0.75 s of its 1 s),
 * for closure serialization only (dynamic providers). Load them on first use instead: a proxy
 * stands in until a property is read. Resolution stays eager, so a missing package still throws
 * where Pulumi expects it to.
 */
export function deferHeavyPulumiDependencies(): void {
  if (deferring) return;
  deferring = true;
  const loader = Module as unknown as ModuleLoader;
  const load = loader._load;
  const marker = `${sep}@pulumi${sep}pulumi${sep}`;
  loader._load = function (request, parent, isMain) {
    const fromPulumi = Boolean(parent?.filename?.includes(marker));
    if (fromPulumi && request in STUBBED && !process.env.SST_OFFLINE_STACK) return STUBBED[request];
    if (!DEFERRED.has(request) || !fromPulumi) {
      return load.call(this, request, parent, isMain);
    }
    loader._resolveFilename(request, parent, isMain);
    let real: object | undefined;
    const target = (): Record<PropertyKey, unknown> => {
      real ??= load.call(this, request, parent, isMain) as object;
      return real as Record<PropertyKey, unknown>;
    };
    return new Proxy(
      {},
      {
        get: (_target, key) => (key === "__esModule" ? true : target()[key]),
        has: (_target, key) => key in target(),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor: (_target, key) => {
          const descriptor = Object.getOwnPropertyDescriptor(target(), key);
          if (descriptor) descriptor.configurable = true;
          return descriptor;
        },
      },
    );
  };
}

/** The platform's `@pulumi/pulumi` (in `<platformDir>/node_modules`), heavy parts deferred. */
export function loadPulumi(platformDir: string): PulumiRuntime {
  deferHeavyPulumiDependencies();
  const require = createRequire(join(platformDir, "node_modules", "package.json"));
  const pulumi = require("@pulumi/pulumi") as Pick<PulumiRuntime, "runtime">;
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): MockMonitor };
  const state = require("@pulumi/pulumi/runtime/state") as {
    withLocalStorage<T>(work: () => Promise<T>): Promise<T>;
  };
  return {
    runtime: pulumi.runtime,
    monitor: () => settings.getMonitor(),
    withFreshStore: (work) => state.withLocalStorage(work),
  };
}

/**
 * Puts the engine under mocks for `app`: invokes answered by {@link answerInvoke}, resources
 * given the state {@link mockResourceState} derives. An invoke with no answer is reported to
 * `onError` (Pulumi would only log it) as well as thrown.
 */
export async function mockEngine(
  pulumi: PulumiRuntime,
  app: CompletedApp,
  context: MockContext,
  onError: (error: unknown) => void,
): Promise<MockMonitor> {
  await pulumi.runtime.setMocks(
    {
      call(args) {
        try {
          return answerInvoke(args.token, args.inputs, context);
        } catch (error) {
          onError(error);
          throw error;
        }
      },
      newResource(args) {
        return mockResourceState(
          { type: args.type, name: args.name, inputs: args.inputs, custom: Boolean(args.custom) },
          context,
        );
      },
    },
    app.name,
    app.stage,
    false,
  );
  return pulumi.monitor();
}
