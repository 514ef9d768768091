// @ts-nocheck: the import does not resolve on purpose (sst-offline build must fail on it).
import { pad } from "@acme/does-not-exist";

export const handler = async () => ({ statusCode: 200, body: pad("ok") });
