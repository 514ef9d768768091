import type { IncomingMessage } from "node:http";

/** Host names that can only be this machine (a DNS name could be re-bound to 127.0.0.1). */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function hostName(hostHeader: string): string {
  // "[::1]:3000" → "[::1]"; "localhost:3000" → "localhost".
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.split(":")[0] ?? "";
}

/**
 * Why a request to serve's control endpoints (queues, cron, the DLQ, the S3 endpoint) must be
 * refused, or undefined to let it through. They exist for the developer's own tools (curl,
 * `shipyard-send`, the AWS SDK in the handlers), which send a loopback `Host` and no `Origin`. A
 * web page the developer visits can reach localhost too: its requests carry its `Origin` (or
 * `Sec-Fetch-Site: cross-site`), and a DNS-rebinding page sends its own host name as `Host`.
 */
export function refusalReason(request: IncomingMessage): string | undefined {
  const host = request.headers.host ?? "";
  if (!LOOPBACK_HOSTS.has(hostName(host).toLowerCase())) {
    return `Host "${host}" is not this machine: the local endpoints answer only localhost, 127.0.0.1 and [::1].`;
  }
  const site = request.headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") {
    return "Requests from web pages are refused by the local endpoints.";
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) {
    return `Requests from ${origin} are refused by the local endpoints (only same-origin requests and tools without an Origin are served).`;
  }
  return undefined;
}
