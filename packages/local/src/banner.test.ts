import { describe, expect, it } from "vitest";
import { bannerLines, SAMPLE_MESSAGE } from "./banner";
import type { ServiceModel } from "./model";

const model = {
  app: "inbox",
  stage: "local",
  source: "infra",
  routes: [],
} as unknown as ServiceModel;
const base = {
  model,
  url: "http://localhost:3000",
  crons: [],
  buckets: [],
  postgres: undefined,
  s3Url: undefined,
  recoveredFrom: undefined,
};

describe("bannerLines", () => {
  it("suggests the sample message, quoted for a shell, for each queue", () => {
    const lines = bannerLines({ ...base, queues: [{ name: "Queue", deadLettered: 2 }] });
    expect(lines).toContain(`  queue Queue: npx shipyard-send '${SAMPLE_MESSAGE}'`);
    expect(lines).toContain("    dead letters (2): curl http://localhost:3000/queues/Queue/dlq");
    const two = bannerLines({
      ...base,
      queues: [
        { name: "A", deadLettered: 0 },
        { name: "B", deadLettered: 0 },
      ],
    });
    expect(two.filter((line) => line.includes("--queue"))).toHaveLength(2);
  });

  it("says where the DynamoDB endpoint is, when there is one", () => {
    expect(bannerLines({ ...base, queues: [] }).join("\n")).not.toContain("DynamoDB");
    expect(bannerLines({ ...base, queues: [], dynamoUrl: "http://127.0.0.1:4567" })).toContain(
      "  DynamoDB: http://127.0.0.1:4567 (AWS_ENDPOINT_URL_DYNAMODB)",
    );
  });

  it("says when it took over from a serve that did not stop cleanly", () => {
    expect(bannerLines({ ...base, queues: [], recoveredFrom: 42 }).join("\n")).toContain("pid 42");
  });
});
