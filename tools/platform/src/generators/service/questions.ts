import { DEFAULT_SCHEDULE, SERVICE_KINDS, type ServiceKind, scheduleProblem } from "@acme/contract";
import type { Prompter } from "../shared/prompter";
import type { ServiceGeneratorSchema } from "./schema";

/** What a bucket is for, in the words of each kind's template. */
const BUCKET_QUESTION: Record<ServiceKind, string> = {
  http: "Does it store files in an S3 bucket (PUT and GET /files/{key})?",
  worker: "Does it store each message as a file in an S3 bucket?",
  cron: "Does it write its report to an S3 bucket?",
};

/**
 * Asks what depends on the kind, for each option not given on the command line, in the order a
 * person thinks of them: when a job runs, or whether a service keeps data in Postgres (cron jobs
 * cannot), then whether it stores files. Nx has asked name, kind, owner and description already
 * (schema.json's `x-prompt`s, which cannot depend on another answer). With no prompter (no
 * terminal, CI, `--no-interactive`) nothing is asked and the defaults apply.
 */
export async function askKindQuestions(
  options: ServiceGeneratorSchema,
  prompter: Prompter | undefined,
): Promise<ServiceGeneratorSchema> {
  const kind = options.kind;
  // An unknown kind gets no questions: validation reports it with the fix.
  if (!prompter || !(SERVICE_KINDS as readonly string[]).includes(kind)) return options;
  const answers = { ...options };
  if (kind === "cron" && answers.schedule === undefined) {
    answers.schedule = await prompter.text({
      message: "When does it run (UTC)? rate(5 minutes), rate(1 hour), cron(0 6 * * ? *)...",
      initial: DEFAULT_SCHEDULE,
      validate: (answer) => scheduleProblem(answer.trim()),
    });
  }
  if (kind !== "cron" && answers.database === undefined) {
    answers.database = await prompter.select<"none" | "postgres">({
      message: "Does it keep data in a database?",
      choices: [
        { value: "none", label: "none     - no database" },
        { value: "postgres", label: "postgres - Postgres, with schema migrations in migrations/" },
      ],
      initial: "none",
    });
  }
  if (answers.bucket === undefined) {
    answers.bucket = await prompter.confirm({ message: BUCKET_QUESTION[kind], initial: false });
  }
  return answers;
}
