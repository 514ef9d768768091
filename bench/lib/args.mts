/** Parses `--name value` / `--name=value` / `--flag` arguments. */
export function parseArgs(argv: string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument ${arg}.`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s);
    const next = argv[index + 1];
    if (inline !== undefined) args[name as string] = inline;
    else if (next !== undefined && !next.startsWith("--")) {
      args[name as string] = next;
      index++;
    } else args[name as string] = true;
  }
  return args;
}
