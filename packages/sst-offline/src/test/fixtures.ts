import { fileURLToPath } from "node:url";

/** The folder of a fixture app under src/__fixtures__. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../__fixtures__/${name}`, import.meta.url));
}

/** A parsed IAM policy document (the JSON SST puts in roles' inline policies). */
export interface PolicyDocument {
  Version: string;
  Statement: { Effect: string; Action?: string | string[]; Resource?: string | string[] }[];
}
