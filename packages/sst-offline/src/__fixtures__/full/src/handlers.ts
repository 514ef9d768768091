export const worker = async () => ({ batchItemFailures: [] });
export const list = async () => ({ statusCode: 200, body: "[]" });
export const enqueue = async () => ({ statusCode: 202, body: "" });
export const hook = async () => ({ statusCode: 204, body: "" });
