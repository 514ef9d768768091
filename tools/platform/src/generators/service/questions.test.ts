import { DEFAULT_SCHEDULE, scheduleProblem } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canPrompt, PromptCancelled, type Prompter } from "../shared/prompter";
import { createTestWorkspace } from "../shared/test-workspace";
import { serviceGenerator } from "./generator";
import { askKindQuestions } from "./questions";
import type { ServiceGeneratorSchema } from "./schema";

/** One question as the person saw it, and the messages shown for refused answers. */
interface Asked {
  type: "select" | "confirm" | "text";
  message: string;
  choices?: string[];
  refusals?: string[];
}

/**
 * A person at the terminal, typing `answers` in turn: a text question gets answers until its
 * validation accepts one (as the terminal re-asks), the others one answer each.
 */
function person(answers: (string | boolean | typeof CANCEL)[]): Prompter & { asked: Asked[] } {
  const asked: Asked[] = [];
  const next = () => {
    if (answers.length === 0) throw new Error(`Asked more than expected: ${JSON.stringify(asked)}`);
    const answer = answers.shift();
    if (answer === CANCEL) throw new PromptCancelled();
    return answer;
  };
  return {
    asked,
    async select({ message, choices }) {
      asked.push({ type: "select", message, choices: choices.map((choice) => choice.value) });
      return next() as never;
    },
    async confirm({ message }) {
      asked.push({ type: "confirm", message });
      return next() as boolean;
    },
    async text({ message, validate }) {
      const question: Asked = { type: "text", message, refusals: [] };
      asked.push(question);
      for (;;) {
        const answer = next() as string;
        const refusal = validate(answer);
        if (refusal === undefined) return answer;
        question.refusals?.push(refusal);
      }
    },
  };
}
const CANCEL = Symbol("Ctrl-C");

const given = (overrides: Partial<ServiceGeneratorSchema>): ServiceGeneratorSchema => ({
  name: "ledger-7",
  kind: "cron",
  owner: "finance",
  skipInstall: true,
  ...overrides,
});

describe("the questions that depend on the kind", () => {
  let tree: Tree;
  let remove: () => void;
  beforeEach(() => ({ tree, remove } = createTestWorkspace()));
  afterEach(() => remove());

  it("asks a cron job when it runs and whether it writes to a bucket, never for a database", async () => {
    const answers = person(["rate(3 hours)", true]);
    await serviceGenerator(tree, given({ kind: "cron" }), answers);

    expect(answers.asked.map(({ type, message }) => [type, message])).toEqual([
      ["text", expect.stringContaining("When does it run")],
      ["confirm", "Does it write its report to an S3 bucket?"],
    ]);
    const infra = tree.read("apps/ledger-7/infra/index.ts", "utf-8");
    expect(infra).toContain('"rate(3 hours)"');
    expect(infra).toContain("Bucket");
    expect(
      JSON.parse(tree.read("apps/ledger-7/package.json", "utf-8") ?? "").shipyard.answers,
    ).toMatchObject({ kind: "cron", schedule: "rate(3 hours)", bucket: true, database: "none" });
  });

  it("asks http and worker services for a database (none or postgres), then a bucket, never a schedule", async () => {
    const http = person(["postgres", false]);
    await serviceGenerator(tree, given({ kind: "http" }), http);
    expect(http.asked).toEqual([
      expect.objectContaining({ type: "select", choices: ["none", "postgres"] }),
      {
        type: "confirm",
        message: "Does it store files in an S3 bucket (PUT and GET /files/{key})?",
      },
    ]);
    expect(tree.exists("apps/ledger-7/migrations/0001_create_items.sql")).toBe(true);

    const worker = person(["none", true]);
    expect(await askKindQuestions(given({ kind: "worker" }), worker)).toMatchObject({
      database: "none",
      bucket: true,
    });
    expect(worker.asked.map(({ type }) => type)).toEqual(["select", "confirm"]);
    expect(worker.asked[1]?.message).toBe("Does it store each message as a file in an S3 bucket?");
  });

  it("asks nothing that was given on the command line", async () => {
    const nobody = person([]);
    const options = given({ kind: "cron", schedule: "rate(1 day)", bucket: false });
    expect(await askKindQuestions(options, nobody)).toEqual(options);
    expect(
      await askKindQuestions(given({ kind: "worker", database: "none", bucket: true }), nobody),
    ).toMatchObject({ database: "none", bucket: true });
    expect(nobody.asked).toEqual([]);
  });

  it("re-asks for a schedule the contract's parser refuses, showing the parser's message", async () => {
    const bad = ["every day at noon", "rate(0 minutes)"];
    const answers = person([...bad, "cron(30 4 ? * MON-FRI *)", false]);
    const options = await askKindQuestions(given({ kind: "cron" }), answers);

    expect(options.schedule).toBe("cron(30 4 ? * MON-FRI *)");
    expect(answers.asked[0]?.refusals).toEqual(
      bad.map((expression) => scheduleProblem(expression)),
    );
    expect(answers.asked[0]?.refusals?.every((message) => message && message.length > 0)).toBe(
      true,
    );
  });

  it("asks nothing without a terminal or with --no-interactive: the defaults apply", async () => {
    await serviceGenerator(tree, given({ kind: "cron" }), undefined);
    expect(tree.read("apps/ledger-7/infra/index.ts", "utf-8")).toContain(`"${DEFAULT_SCHEDULE}"`);
    expect(tree.read("apps/ledger-7/infra/index.ts", "utf-8")).not.toContain("Bucket");
  });

  it("writes nothing when the person cancels at a question", async () => {
    const answers = person(["postgres", CANCEL]);
    await expect(serviceGenerator(tree, given({ kind: "worker" }), answers)).rejects.toThrow(
      PromptCancelled,
    );
    expect(tree.listChanges()).toEqual([]);
  });
});

describe("canPrompt: whether a person can be asked", () => {
  const tty = { stdin: { isTTY: true }, stdout: { isTTY: true } };

  it("is true in a terminal under nx g (NX_INTERACTIVE=true), outside CI", () => {
    expect(canPrompt({ NX_INTERACTIVE: "true" }, tty)).toBe(true);
  });

  it("is false with --no-interactive, in CI, without a terminal, or outside nx g", () => {
    expect(canPrompt({ NX_INTERACTIVE: "false" }, tty)).toBe(false);
    expect(canPrompt({ NX_INTERACTIVE: "true", CI: "true" }, tty)).toBe(false);
    expect(canPrompt({ NX_INTERACTIVE: "true" }, { ...tty, stdin: {} })).toBe(false);
    expect(canPrompt({ NX_INTERACTIVE: "true" }, { ...tty, stdout: { isTTY: false } })).toBe(false);
    expect(canPrompt({}, tty)).toBe(false);
  });
});
