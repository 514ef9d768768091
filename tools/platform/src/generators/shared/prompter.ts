/**
 * Questions a generator asks itself, after Nx has asked its schema's `x-prompt`s: the ones whose
 * choices depend on an earlier answer, which an `x-prompt` cannot express. The generator takes a
 * {@link Prompter}, so tests answer with a fake and `nx g` with the terminal.
 */

/** One choice of a {@link Prompter.select} question. */
export interface Choice<T extends string> {
  value: T;
  label: string;
}

/** Asks one question and resolves to the answer. Each rejects with {@link PromptCancelled}. */
export interface Prompter {
  select<T extends string>(question: {
    message: string;
    choices: readonly Choice<T>[];
    initial: T;
  }): Promise<T>;
  confirm(question: { message: string; initial: boolean }): Promise<boolean>;
  /** `validate` returns why an answer is refused (shown, and the question asked again). */
  text(question: {
    message: string;
    initial: string;
    validate: (answer: string) => string | undefined;
  }): Promise<string>;
}

/** The person stopped at a question (Ctrl-C): the generator stops, and nothing is written. */
export class PromptCancelled extends Error {
  constructor() {
    super("Cancelled at a question: nothing was written.");
    this.name = "PromptCancelled";
  }
}

/**
 * Whether a person can be asked: the rule by which `nx g` asks the schema's own `x-prompt`s (a
 * terminal, not CI) and `nx g` not run with `--no-interactive` (Nx then sets NX_INTERACTIVE to
 * "false"; it sets "true" otherwise). Vitest and other callers leave NX_INTERACTIVE unset.
 */
export function canPrompt(
  env: NodeJS.ProcessEnv = process.env,
  terminal: { stdin: { isTTY?: boolean }; stdout: { isTTY?: boolean } } = process,
): boolean {
  return (
    env.NX_INTERACTIVE === "true" &&
    env.CI !== "true" &&
    terminal.stdin.isTTY === true &&
    terminal.stdout.isTTY === true
  );
}

/**
 * The terminal, through @clack/prompts: the library `nx g` asks its own `x-prompt`s with, so
 * these questions look and behave like the ones before them. It is ESM only, hence `import()`.
 */
export const terminalPrompter: Prompter = {
  async select({ message, choices, initial }) {
    // autocomplete, as Nx's own list prompts: type to filter, arrows and Enter to choose.
    const { autocomplete, isCancel } = await import("@clack/prompts");
    const answer = await autocomplete({
      message,
      options: choices.map(({ value, label }) => ({ value, label })) as never,
      initialValue: initial as never,
      // A filter that matches nothing would submit undefined.
      validate: (value) => (value === undefined ? "Pick one of the listed choices" : undefined),
    });
    if (isCancel(answer)) throw new PromptCancelled();
    return answer as (typeof choices)[number]["value"];
  },
  async confirm({ message, initial }) {
    const { confirm, isCancel } = await import("@clack/prompts");
    const answer = await confirm({ message, initialValue: initial });
    if (isCancel(answer)) throw new PromptCancelled();
    return answer;
  },
  async text({ message, initial, validate }) {
    const { text, isCancel } = await import("@clack/prompts");
    // The default shows as a placeholder, and Enter on an empty answer takes it. clack validates
    // an empty submit before it applies the default, so validation reads it as the default too.
    const answer = await text({
      message,
      placeholder: initial,
      defaultValue: initial,
      validate: (value) => validate(value || initial),
    });
    if (isCancel(answer)) throw new PromptCancelled();
    return answer || initial;
  },
};

/** The prompter `nx g` should use now: the terminal when a person can answer, else none. */
export function defaultPrompter(): Prompter | undefined {
  return canPrompt() ? terminalPrompter : undefined;
}
