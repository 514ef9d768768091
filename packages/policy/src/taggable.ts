import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The AWS resource types that take tags, read from the provider package the evaluation used
 * (`<platform>/node_modules/@pulumi/aws`): each resource class sets `resourceInputs["tags"]` from
 * its arguments exactly when the resource has tags, and names its type in `__pulumiType`. Reading
 * the classes instead of keeping a list means a type a team adds is covered the day it is used.
 */
export function taggableTypes(platformDir: string): Set<string> {
  const root = join(platformDir, "node_modules", "@pulumi", "aws");
  const types = new Set<string>();
  for (const file of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".js")) continue;
    const source = readFileSync(join(root, file), "utf8");
    if (!/resourceInputs\["tags"\] = args\b/.test(source)) continue;
    for (const [, type] of source.matchAll(/\.__pulumiType = '([^']+)'/g)) {
      if (type) types.add(type);
    }
  }
  if (types.size === 0) {
    throw new Error(
      `No taggable resource classes found in ${root}: is @pulumi/aws installed there? Run \`npm run setup\`.`,
    );
  }
  return types;
}
