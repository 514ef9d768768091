/**
 * V8's JSON.parse messages quote up to ten characters of the text they fail on
 * (`Unexpected token 'h', "hunter2!" is not valid JSON`); for a secret or a linked resource, that is
 * the secret. This keeps what helps (where) and drops what leaks (the text).
 */
export function jsonSyntaxErrorWithoutText(error: unknown): SyntaxError {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
  return new SyntaxError(
    position === undefined
      ? "Not valid JSON (the parser's message is left out: it quotes the text)."
      : `Not valid JSON at position ${position}.`,
  );
}
