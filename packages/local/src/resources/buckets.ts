import { createServer } from "node:http";
import { join } from "node:path";
import { refusalReason } from "../control/request-guard";
import { localBucketName } from "../link-environment";
import type { ServiceModel } from "../model";
import { listenFrom } from "../ports";
import { createS3Handler, type LocalBucket, s3Error } from "../s3";
import { closeServer } from "./close-server";

export interface BucketEndpoint {
  buckets: LocalBucket[];
  /** `http://127.0.0.1:<port>`, or undefined when the service links no bucket. */
  url: string | undefined;
  stop: () => Promise<void>;
}

/**
 * The service's linked buckets as folders (`.local/buckets/<Name>/`) behind a small S3 endpoint
 * on a free loopback port. Requests from web pages or with a foreign `Host` are refused, and an
 * unexpected failure answers S3's `InternalError` without the paths or the cause, which go to
 * serve's log.
 */
export async function startBucketEndpoint(options: {
  model: ServiceModel;
  stage: string;
  linked: ReadonlySet<string>;
  bucketsDir: string;
  host: string;
  log: (line: string) => void;
}): Promise<BucketEndpoint> {
  const { model, stage, linked } = options;
  const buckets: LocalBucket[] = model.links
    .filter((link) => link.type === "sst.aws.Bucket" && linked.has(link.name))
    .map((link) => ({
      name: link.name,
      bucketName: localBucketName(model.app, stage, link.name),
      dir: join(options.bucketsDir, link.name),
    }));
  if (buckets.length === 0) return { buckets, url: undefined, stop: async () => {} };
  const handle = createS3Handler(buckets);
  const server = createServer((request, response) => {
    const refused = refusalReason(request);
    if (refused) {
      s3Error(response, 403, "AccessDenied", refused);
      return;
    }
    handle(request, response).catch((error: unknown) => {
      options.log(
        `✗ S3 ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (response.headersSent) response.end();
      else
        s3Error(
          response,
          500,
          "InternalError",
          "We encountered an internal error. Please try again.",
        );
    });
  });
  const port = await listenFrom(server, 0, options.host);
  return { buckets, url: `http://${options.host}:${port}`, stop: () => closeServer(server) };
}
