import { FunctionHost, type Invocation, InvocationError } from "../functions";
import { functionEnvironment, type LocalEndpoints } from "../link-environment";
import type { ServiceModel } from "../model";

/** The service's functions, each in its own process with its own links and environment. */
export interface Handlers {
  invoke(functionId: string, event: unknown): Promise<Invocation>;
  /** Reloads every handler (code changed); returns how many failed to load. */
  reload(): Promise<number>;
  readonly count: number;
  stop(): Promise<void>;
}

export async function startHandlers(options: {
  model: ServiceModel;
  appDir: string;
  local: LocalEndpoints;
  log: (line: string) => void;
}): Promise<Handlers> {
  const { model, local } = options;
  const hosts = new Map<string, FunctionHost>();
  for (const fn of model.functions) {
    hosts.set(
      fn.id,
      new FunctionHost(fn, {
        appDir: options.appDir,
        env: functionEnvironment(model, fn.id, local),
        functionName: `${model.app}-${local.stage}-${fn.id}`,
        log: options.log,
      }),
    );
  }
  options.log(`Loading ${hosts.size} handler(s)...`);
  const all = () => [...hosts.values()];
  try {
    await Promise.all(all().map((host) => host.start()));
  } catch (error) {
    await Promise.all(all().map((host) => host.stop()));
    throw error;
  }
  return {
    count: hosts.size,
    invoke(functionId, event) {
      const host = hosts.get(functionId);
      if (!host) return Promise.reject(new InvocationError(`No function "${functionId}".`));
      return host.invoke(event);
    },
    async reload() {
      await Promise.all(all().map((host) => host.reload()));
      return all().filter((host) => host.broken).length;
    },
    async stop() {
      await Promise.all(all().map((host) => host.stop()));
    },
  };
}
