import { createHttpApp, toLambdaHandler } from "@acme/runtime";

/** A workspace package that exports TypeScript source (@acme/runtime), bundled into the handler. */
const app = createHttpApp({ service: "build-http" });
app.get("/items", (c) => c.json([{ id: "1" }]));

export const handler = toLambdaHandler(app);
