import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MissingResourceError } from "../resources";
import { queue } from "./index";

/**
 * An SQS endpoint that records each request and answers SendMessage with a numbered id and the
 * body's MD5 (the SDK checks it).
 */
let server: Server;
let endpoint = "";
const requests: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      const body = JSON.parse(text);
      requests.push({ headers: request.headers, body });
      const md5 = createHash("md5").update(String(body.MessageBody)).digest("hex");
      response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify({ MessageId: `id-${requests.length}`, MD5OfMessageBody: md5 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
afterEach(() => {
  delete process.env.SST_RESOURCE_Jobs;
  requests.length = 0;
});

const sqs = () => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

describe("queue", () => {
  it("sends the body as JSON to the linked queue's URL and returns the message id", async () => {
    process.env.SST_RESOURCE_Jobs = JSON.stringify({ url: `${endpoint}/queues/jobs` });
    expect(await queue("Jobs", { sqs: sqs() }).send({ orderId: "order-1" })).toBe("id-1");
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers["x-amz-target"]).toBe("AmazonSQS.SendMessage");
    expect(requests[0]?.body).toEqual({
      QueueUrl: `${endpoint}/queues/jobs`,
      MessageBody: '{"orderId":"order-1"}',
    });
  });

  it("passes the message group and deduplication id of a FIFO queue", async () => {
    process.env.SST_RESOURCE_Jobs = JSON.stringify({ url: `${endpoint}/queues/jobs.fifo` });
    const jobs = queue("Jobs", { sqs: sqs() });
    await jobs.send("x", { groupId: "order-1" });
    expect(requests[0]?.body).toEqual({
      QueueUrl: `${endpoint}/queues/jobs.fifo`,
      MessageBody: '"x"',
      MessageGroupId: "order-1",
    });
    // SST's `fifo: true` has no content-based deduplication: SQS refuses a send without this id.
    await jobs.send("y", { groupId: "order-1", deduplicationId: "order-1-paid" });
    expect(requests[1]?.body).toMatchObject({
      MessageGroupId: "order-1",
      MessageDeduplicationId: "order-1-paid",
    });
  });

  it("reads the link at each call, and says so when the queue is not linked", async () => {
    const jobs = queue("Jobs", { sqs: sqs() });
    await expect(jobs.send({})).rejects.toBeInstanceOf(MissingResourceError);
    expect(requests).toEqual([]);
    process.env.SST_RESOURCE_Jobs = JSON.stringify({ url: "https://sqs.example/1/jobs" });
    expect(jobs.url).toBe("https://sqs.example/1/jobs");
  });
});
