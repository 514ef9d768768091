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

/** One recording: the names looked up while it was on, and whether all names were listed. */
interface Recording {
  names: Set<string>;
  enumerated: boolean;
}

/** The recordings on now, fed by the one proxy installed on `process.env`. */
const recordings = new Set<Recording>();
/** Told of every name read (a batch classifies reads by the code that made them). */
const observers = new Set<(name: string) => void>();

/** Calls `observer` with the name of every variable read until the returned function is called. */
export function observeEnvironmentReads(observer: (name: string) => void): () => void {
  installProxy();
  observers.add(observer);
  return () => observers.delete(observer);
}
/** The `process.env` the proxy was installed on (a test may replace `process.env`). */
let proxied: NodeJS.ProcessEnv | undefined;

function installProxy(): void {
  if (proxied !== undefined && process.env === proxied) return;
  const note = (key: string | symbol) => {
    if (typeof key !== "string" || SET_BY_RUNNER.has(key)) return;
    for (const recording of recordings) recording.names.add(key);
    for (const observer of observers) observer(key);
  };
  proxied = new Proxy(process.env, {
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
      for (const recording of recordings) recording.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
  process.env = proxied;
}

/** A recording of the names looked up, without the values (cheap enough for every module load). */
export interface NameRecording {
  /** The names read so far; every name there is when the environment was listed. */
  names(): string[];
  stop(): void;
}

/** Starts recording the names of the variables read. */
export function recordEnvironmentNames(): NameRecording {
  installProxy();
  const recording: Recording = { names: new Set(), enumerated: false };
  recordings.add(recording);
  return {
    names: () =>
      recording.enumerated
        ? [...new Set([...recording.names, ...recordingPaused(() => Object.keys(process.env))])]
        : [...recording.names],
    stop: () => recordings.delete(recording),
  };
}

/**
 * Starts recording reads of `process.env`; the returned function gives every variable read so far
 * with its value at the start (the parent's, since the runner inherits its environment).
 * `stop()` ends the recording (a batch records each program in turn through the same proxy).
 */
export function recordEnvironmentReads(): (() => EnvironmentReads) & { stop: () => void } {
  installProxy();
  const initial: Record<string, string | undefined> = Object.fromEntries(
    recordingPaused(() => Object.entries(process.env)),
  );
  const recording: Recording = { names: new Set(), enumerated: false };
  recordings.add(recording);
  const reads = () => {
    const all = recording.enumerated ? Object.keys(initial) : [];
    return Object.fromEntries(
      [...new Set([...recording.names, ...all])]
        .filter((name) => !SET_BY_RUNNER.has(name))
        .sort()
        .map((name) => [name, initial[name] ?? null]),
    );
  };
  return Object.assign(reads, { stop: () => recordings.delete(recording) });
}

/** `work()` with no recording on (the recorder's own snapshot is no read of the program's). */
function recordingPaused<T>(work: () => T): T {
  const paused = [...recordings];
  recordings.clear();
  try {
    return work();
  } finally {
    for (const recording of paused) recordings.add(recording);
  }
}
