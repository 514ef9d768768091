/** The header a request id is read from and echoed in. */
export const REQUEST_ID_HEADER = "x-request-id";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/**
 * Whether a caller-supplied request id can be trusted in logs and headers: 1 to 128 characters
 * from `A-Z a-z 0-9 . _ : / + = -` (UUIDs, ULIDs, trace ids, base64).
 */
export function isSafeRequestId(value: string | undefined): value is string {
  return value !== undefined && SAFE_REQUEST_ID.test(value);
}

/**
 * Pick the request id: the caller's `x-request-id` when it is safe, else the Lambda request id
 * when running on Lambda, else a random UUID.
 */
export function resolveRequestId(header: string | undefined, lambdaRequestId?: string): string {
  if (isSafeRequestId(header)) return header;
  if (isSafeRequestId(lambdaRequestId)) return lambdaRequestId;
  // The Web Crypto global, loaded on first use: importing `node:crypto` would load it at init.
  return crypto.randomUUID();
}
