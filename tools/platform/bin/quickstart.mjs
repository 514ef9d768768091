#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: set up, scaffold `apps/hello`, serve it (src/quickstart/cli.mts). Node 20 cannot
 * run TypeScript, so this registers tsx's loader first.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/quickstart/cli.mjs");
await main(process.argv.slice(2), process.cwd());
