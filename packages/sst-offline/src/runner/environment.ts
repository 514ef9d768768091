/**
 * The environment variables an evaluation read. `sst.config.ts` may read `process.env`, and so do
 * SST's components and Pulumi; a kept evaluation (artifact.ts) is only current while every
 * variable it read still has the value it had. `process.env` is wrapped in a proxy that records
 * each name looked up (by property, `in`, or enumeration of all names).
 */

/** A variable's value when the evaluation started; null when it was not set. */
export type EnvironmentReads = Record<string, string | null>;

/** Names the runner sets for the components itself (the RPC server's address, the region). */
const SET_BY_RUNNER = new Set(["SST_SERVER", "SST_AWS_REGION"]);

/**
 * Starts recording reads of `process.env`; the returned function gives every variable read so far
 * with its value at the start (the parent's, since the runner inherits its environment).
 */
export function recordEnvironmentReads(): () => EnvironmentReads {
  const initial: Record<string, string | undefined> = { ...process.env };
  const names = new Set<string>();
  let enumerated = false;
  const note = (key: string | symbol) => {
    if (typeof key === "string" && !SET_BY_RUNNER.has(key)) names.add(key);
  };
  process.env = new Proxy(process.env, {
    get(target, key) {
      note(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      note(key);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      note(key);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
  return () => {
    const all = enumerated ? Object.keys(initial) : [];
    return Object.fromEntries(
      [...new Set([...names, ...all])]
        .filter((name) => !SET_BY_RUNNER.has(name))
        .sort()
        .map((name) => [name, initial[name] ?? null]),
    );
  };
}
