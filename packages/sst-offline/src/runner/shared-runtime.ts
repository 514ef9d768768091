/**
 * What a batch runner shares between its programs, and how it keeps each program's record exact:
 *
 * - **Environment reads made while a module loads.** A fresh process reads, say, `GRPC_TRACE`
 *   when `@grpc/grpc-js` loads; in a batch only the first program loads it, but every program
 *   that uses it must list the variable (the artifact's key covers every variable read). Each
 *   CommonJS module's first load is recorded (the variables read during it, and the modules it
 *   required then); a later program that requires a module already loaded, or whose bundle
 *   imports it, is credited with that module's reads and those of everything it loaded.
 * - **The environment itself**, put back as it was before each program.
 */
import Module, { builtinModules, createRequire } from "node:module";
import {
  type EnvironmentReads,
  observeEnvironmentReads,
  recordEnvironmentNames,
  recordEnvironmentReads,
} from "./environment.js";

interface ModuleLoader {
  _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown;
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
  _cache: Record<string, { loaded?: boolean } | undefined>;
}

/** A module's first load: the variables read during it and the modules it required meanwhile. */
interface LoadRecord {
  reads: Set<string>;
  children: Set<string>;
}

/** The environment recording of one program, with the reads credited from modules it used. */
export interface ProgramRecording {
  (): EnvironmentReads;
  stop(): void;
}

export interface SharedRuntime {
  /** Starts recording a program: its own reads, plus those of the modules it uses. */
  recordProgram(): ProgramRecording;
  /** Runs a runner step every program runs alike, crediting what its first run read. */
  runnerStep<T>(step: string, work: () => Promise<T>): Promise<T>;
  /**
   * Imports a program (`load`), crediting it with what importing its externals read in this
   * process. Throws {@link ImportsDiffer} when its externals are not those of the first program.
   */
  importProgram<T>(
    externals: readonly string[],
    programFile: string,
    load: () => Promise<T>,
  ): Promise<T>;
  /** Puts the environment back as it was when the batch started. */
  restoreEnvironment(): void;
}

const BUILTINS = new Set(builtinModules);

/**
 * A program imports other packages than the first program of the batch: what their ES modules
 * read when they ran cannot be credited exactly, so the program needs a fresh process.
 */
export class ImportsDiffer extends Error {
  constructor() {
    super("This program imports other packages than the batch's first: it needs a fresh process.");
    this.name = "ImportsDiffer";
  }
}

/** Installs the load tracking; call before anything the programs share is loaded. */
export function loadSharedRuntime(): SharedRuntime {
  const initialEnvironment = { ...process.env };
  const records = new Map<string, LoadRecord>();
  const loading: string[] = [];
  /** The program under way: the modules it used, the names credited to it. */
  let current: { modules: Set<string>; names: Set<string> } | undefined;
  /** The externals the first program imported, and what importing them read outside its bundle. */
  const stepReads = new Map<string, Set<string>>();
  let firstImport: { externals: string; reads: Set<string> } | undefined;

  const loader = Module as unknown as ModuleLoader;
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    const key = moduleKey(loader, request, parent, isMain);
    if (key === undefined) return load.call(this, request, parent, isMain);
    const top = loading.at(-1);
    if (top) records.get(top)?.children.add(key);
    else current?.modules.add(key);
    // A module Node's ES loader is importing is already in the cache, not yet loaded.
    const cached = loader._cache[key] as { loaded?: boolean } | undefined;
    const firstLoad = !records.has(key) && (BUILTINS.has(key) || !cached?.loaded);
    if (!firstLoad) return load.call(this, request, parent, isMain);
    const record: LoadRecord = { reads: new Set(), children: new Set() };
    records.set(key, record);
    const reads = recordEnvironmentNames();
    loading.push(key);
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      loading.pop();
      reads.stop();
      for (const name of reads.names()) record.reads.add(name);
    }
  };

  /** The variables read by loading `key` and everything it loaded then. */
  const readsOf = (keys: Iterable<string>): Set<string> => {
    const names = new Set<string>();
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      const record = records.get(key);
      if (!record) return;
      for (const name of record.reads) names.add(name);
      for (const child of record.children) visit(child);
    };
    for (const key of keys) visit(key);
    return names;
  };

  return {
    recordProgram() {
      const program = { modules: new Set<string>(), names: new Set<string>() };
      current = program;
      const own = recordEnvironmentReads();
      const recording = () => {
        const reads = own();
        for (const name of [...readsOf(program.modules), ...program.names]) {
          if (!(name in reads)) reads[name] = initialEnvironment[name] ?? null;
        }
        return Object.fromEntries(Object.entries(reads).sort(([a], [b]) => (a < b ? -1 : 1)));
      };
      return Object.assign(recording, {
        stop: () => {
          own.stop();
          if (current === program) current = undefined;
        },
      });
    },
    async runnerStep(step, work) {
      const known = stepReads.get(step);
      if (known) {
        for (const name of known) current?.names.add(name);
        return work();
      }
      const reads = recordEnvironmentNames();
      try {
        return await work();
      } finally {
        reads.stop();
        stepReads.set(step, new Set(reads.names()));
      }
    },
    async importProgram(externals, programFile, load) {
      const builtins = externals.filter((specifier) => BUILTINS.has(builtinName(specifier)));
      const packages = externals.filter((specifier) => !builtins.includes(specifier));
      const key = packages.join("\n");
      if (firstImport && firstImport.externals !== key) throw new ImportsDiffer();
      // Node's own modules load through the recorded loader first (the import finds them loaded):
      // what one reads when it first loads is then credited to every program that imports it.
      const require = createRequire(programFile);
      for (const specifier of builtins) require(specifier);
      for (const module of resolveAll(packages, programFile)) current?.modules.add(module);
      if (firstImport) {
        for (const name of firstImport.reads) current?.names.add(name);
        return load();
      }
      // The first program: what its externals' ES modules (and builtins they import) read as they
      // run. CommonJS loads are recorded by the loader hook; the program's own top-level code
      // (its bundle) reads for itself alone.
      const reads = new Set<string>();
      const stop = observeEnvironmentReads((name) => {
        if (loading.length > 0) return;
        if (!new Error().stack?.includes(programFile)) reads.add(name);
      });
      try {
        return await load();
      } finally {
        stop();
        firstImport = { externals: key, reads };
      }
    },
    restoreEnvironment() {
      for (const name of Object.keys(process.env)) {
        if (!(name in initialEnvironment)) delete process.env[name];
      }
      for (const [name, value] of Object.entries(initialEnvironment)) {
        if (process.env[name] !== value) process.env[name] = value;
      }
    },
  };
}

/** A builtin's name without the `node:` scheme. */
function builtinName(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

/** The files the program's external packages resolve to, as `require` resolves them. */
function resolveAll(specifiers: readonly string[], from: string): string[] {
  const require = createRequire(from);
  const resolved: string[] = [];
  for (const specifier of specifiers) {
    try {
      resolved.push(require.resolve(specifier));
    } catch {
      // An ES-only package: its reads are those of the first import.
    }
  }
  return resolved;
}

/** The key of a module request: the builtin's name, or the resolved file; undefined if unresolvable. */
function moduleKey(
  loader: ModuleLoader,
  request: string,
  parent: unknown,
  isMain: boolean,
): string | undefined {
  const bare = builtinName(request);
  if (BUILTINS.has(bare)) return bare;
  try {
    return loader._resolveFilename(request, parent, isMain);
  } catch {
    return undefined;
  }
}
