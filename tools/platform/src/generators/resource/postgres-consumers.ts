import type { Tree } from "@nx/devkit";
import { consumerCall, consumerLines, consumerSignature } from "../shared/consumer-lines";
import { type ExistingService, GrowError } from "../shared/service";

/** A file's new text, written only once every consumer has been checked. */
export interface FileEdit {
  path: string;
  content: string;
}

/** The consumers `nx g consumer` added: infra/index.ts imports each from its own infra file. */
const CONSUMER_IMPORT = /^import \{ (\w+Consumer) \} from "\.\/([a-z0-9-]+-consumer)";$/gm;

/**
 * The consumers made before the database, moved into its VPC and linked to it as the consumer
 * template does on a service that has one: each consumer's infra file takes the VPC and the
 * database, and infra() passes them (its calls come after the database the command adds, which
 * goes first in infra()). Nothing is written here: the edits come back, after every consumer
 * was found in the shape the consumer template gives it, so a reshaped one refuses the whole
 * command before anything is written.
 */
export function linkConsumers(tree: Tree, service: ExistingService, infra: string) {
  const consumers = [...infra.matchAll(CONSUMER_IMPORT)].map(([, functionName, base]) => ({
    functionName: functionName as string,
    path: `${service.root}/infra/${base}.ts`,
  }));
  const files = consumers.map((consumer) => linkedConsumerFile(tree, service, consumer));
  const calls = consumers.map(({ functionName }) => {
    const [without, withDatabase] = [false, true].map((database) =>
      consumerCall(functionName, database),
    ) as [string, string];
    if (!infra.split("\n").includes(without)) {
      throw refusal(service, `${service.root}/infra/index.ts`, without);
    }
    return { without, with: withDatabase };
  });
  return {
    files,
    /** infra/index.ts with each consumer's call passing the VPC and the database. */
    index: (text: string) =>
      calls.reduce(
        (current, call) => current.replace(`\n${call.without}\n`, `\n${call.with}\n`),
        text,
      ),
  };
}

function linkedConsumerFile(
  tree: Tree,
  service: ExistingService,
  consumer: { functionName: string; path: string },
): FileEdit {
  const text = tree.read(consumer.path, "utf-8");
  if (text === null) {
    throw new GrowError(
      `${service.root}/infra/index.ts imports ${consumer.functionName} from ${consumer.path}, which does not exist. Restore it (or remove its import and call), then run the command again.`,
    );
  }
  const lines = text.split("\n");
  const replacements: [string, string][] = [
    [
      consumerSignature(consumer.functionName, false),
      consumerSignature(consumer.functionName, true),
    ],
    [consumerLines.linkWithout, `${consumerLines.linkWith}\n${consumerLines.vpc}`],
  ];
  for (const [line] of replacements) {
    if (lines.filter((candidate) => candidate === line).length !== 1) {
      throw refusal(service, consumer.path, line);
    }
  }
  return {
    path: consumer.path,
    content: lines
      .map((line) => replacements.find(([from]) => from === line)?.[1] ?? line)
      .join("\n"),
  };
}

function refusal(service: ExistingService, path: string, line: string): GrowError {
  return new GrowError(
    `${path} no longer has the line "${line.trim()}" where the command puts the consumer in the database's VPC and links the database to it; nothing was written. Restore that line (see generators/consumer/new), or give the consumer the VPC and the database by hand: its function takes (${consumerLines.parameters}), links database and sets vpc, and infra() in ${service.root}/infra/index.ts passes (${consumerLines.arguments}) after the database is made.`,
  );
}
