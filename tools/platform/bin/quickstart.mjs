#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: set up, scaffold `apps/hello`, serve it (src/quickstart/cli.mts).
 */
import { loadTypeScript } from "./load-typescript.mjs";

/** @type {typeof import("../src/quickstart/cli.mjs")} */
const { main } = loadTypeScript("../src/quickstart/cli.mts");
await main(process.argv.slice(2), process.cwd());
