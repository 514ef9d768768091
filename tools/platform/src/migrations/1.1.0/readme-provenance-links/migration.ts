import { posix } from "node:path";
import { serviceFiles } from "../../../upgrade/service-files";
import type { Migration, MigrationResult } from "../../migration";

const OLD_ANCHOR = "provenance";
const NEW_ANCHOR = "keeping-up-with-the-template";
const NEW_HEADING = /^## Keeping up with the template\r?$/m;
/** A Markdown link to a README.md (or to the file itself) at the old anchor: `](path#provenance)`. */
const LINK = new RegExp(`\\]\\(([^()\\s#]*)#${OLD_ANCHOR}\\)`, "g");

/**
 * Template 1.1.0 renames the README's "Provenance" section to "Keeping up with the template".
 * Re-rendering updates the README itself; this rewrites the links to the old anchor in the
 * Markdown files the team wrote (docs, runbooks, the README's own text), which no template renders.
 */
export const readmeProvenanceLinks: Migration = {
  version: "1.1.0",
  name: "readme-provenance-links",
  description: "Links to README.md#provenance point at README.md#keeping-up-with-the-template.",
  migrate(tree, service): MigrationResult {
    const readme = `${service.root}/README.md`;
    const result: MigrationResult = { changed: [], skipped: [] };
    const hasNewSection = NEW_HEADING.test(tree.read(readme, "utf-8") ?? "");
    for (const path of serviceFiles(tree, service.root).filter((file) => file.endsWith(".md"))) {
      const text = tree.read(path, "utf-8") ?? "";
      const rewritten = text.replace(LINK, (link, target: string) =>
        resolvesTo(path, target, readme) ? `](${target}#${NEW_ANCHOR})` : link,
      );
      if (rewritten === text) continue;
      if (!hasNewSection) {
        result.skipped.push({
          path,
          reason: `links to ${readme}#${OLD_ANCHOR}, but ${readme} has no "## Keeping up with the template" section (customised): left as it is; fix the link by hand`,
        });
        continue;
      }
      tree.write(path, rewritten);
      result.changed.push(path);
    }
    return result;
  },
};

function resolvesTo(from: string, target: string, readme: string): boolean {
  if (target === "") return from === readme;
  return posix.normalize(posix.join(posix.dirname(from), target)) === readme;
}

export default readmeProvenanceLinks;
