import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queue as linkedQueue } from "@acme/runtime/sqs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readBody, sendJson } from "../http";
import type { ServiceModel } from "../model";
import { LocalQueue } from "../queue/local-queue";
import { QueueStore } from "../queue/store";
import { Scheduler } from "../scheduler";
import { handleControlRequest } from "./routes";

const dir = mkdtempSync(join(tmpdir(), "control-routes-"));
const store = new QueueStore(join(dir, "queues"));
const model = { app: "inbox", source: "infra", routes: [], crons: [] } as unknown as ServiceModel;
const queue = new LocalQueue({
  name: "Queue",
  store,
  app: "inbox",
  stage: "local",
  maxReceiveCount: 3,
  batchSize: 10,
  partialResponses: true,
  fifo: false,
  retryAfterMs: 10,
  inFlightMs: 1000,
  consumer: undefined,
  log: () => {},
});
const scheduler = new Scheduler({
  app: "inbox",
  stage: "local",
  crons: [],
  dir: join(dir, "cron"),
  invoke: async () => {},
  log: () => {},
});
const context = {
  model,
  stage: "local",
  instance: "i-1",
  queues: new Map([["Queue", queue]]),
  scheduler,
};
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (!(await handleControlRequest(context, request, response, body))) {
      sendJson(response, 418, { message: "the service's routes" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("handleControlRequest", () => {
  it("answers for the service's own queue and /_shipyard, with the serve's instance id", async () => {
    const sent = await fetch(`${url}/queues/Queue/messages`, {
      method: "POST",
      body: '{"id":"1"}',
    });
    expect(sent.status).toBe(202);
    expect(await (await fetch(`${url}/queues/Queue`)).json()).toMatchObject({ visible: 1 });
    expect(await (await fetch(`${url}/_shipyard`)).json()).toMatchObject({
      instance: "i-1",
      app: "inbox",
    });
  });

  it("leaves other paths, other queue names and unknown actions to the service's routes", async () => {
    expect(
      (await fetch(`${url}/queues/Other/messages`, { method: "POST", body: "x" })).status,
    ).toBe(418);
    expect((await fetch(`${url}/cron/Nope/run`, { method: "POST" })).status).toBe(418);
    expect((await fetch(`${url}/queues/Queue/purge`, { method: "POST" })).status).toBe(418);
    expect((await fetch(`${url}/items`)).status).toBe(418);
  });

  it("answers 400 with SQS's code for a message SQS would refuse", async () => {
    const empty = await fetch(`${url}/queues/Queue/messages`, { method: "POST", body: "" });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: "InvalidParameterValue" });
  });

  it("refuses a web page's request before doing anything", async () => {
    const before = queue.stats().visible;
    const refused = await fetch(`${url}/queues/Queue/messages`, {
      method: "POST",
      headers: { origin: "https://evil.example" },
      body: '{"id":"2"}',
    });
    expect(refused.status).toBe(403);
    expect(queue.stats().visible).toBe(before);
  });

  it("answers the AWS SDK, which sends to the endpoint's root with the queue URL in the body", async () => {
    // What nx serve gives a function: the endpoint, the link and Lambda's AWS settings.
    vi.stubEnv("AWS_ENDPOINT_URL_SQS", url);
    vi.stubEnv("AWS_REGION", "us-east-1");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "local");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "local");
    vi.stubEnv("SST_RESOURCE_Queue", JSON.stringify({ url: `${url}/queues/Queue` }));
    try {
      const before = queue.stats().visible;
      const messageId = await linkedQueue("Queue").send({ id: "3" });
      expect(queue.stats().visible).toBe(before + 1);
      expect(store.visible("Queue", Date.now(), 100).at(-1)).toMatchObject({
        messageId,
        body: '{"id":"3"}',
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("answers an SDK request for a queue it does not serve with QueueDoesNotExist", async () => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "x-amz-target": "AmazonSQS.SendMessage" },
      body: JSON.stringify({ QueueUrl: `${url}/queues/Other`, MessageBody: "x" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: "com.amazonaws.sqs#QueueDoesNotExist" });
    expect((await fetch(url, { method: "POST", body: "x" })).status).toBe(418);
  });
});
