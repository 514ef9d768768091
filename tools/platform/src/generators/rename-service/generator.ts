import type { GeneratorCallback, Tree } from "@nx/devkit";
import { deleteFolder } from "../remove-service/generator";
import { validateOptions } from "../service/validate";
import { installPackages, logger, readJson, writeJson } from "../shared/devkit";
import { GrowError, readService } from "../shared/service";
import type { RenameServiceGeneratorSchema } from "./schema";

/** Folders of a service that are rebuilt, not moved: the SST platform link, installs, builds. */
const NOT_MOVED = new Set([".sst", "node_modules", "dist"]);

/**
 * `nx g @acme/platform:rename-service <service> <newName>`: checks the new name as the service
 * generator would (nothing is written when it is refused), moves the files, renames the service
 * in them and in CODEOWNERS, then (not on --dry-run) runs npm install for the lockfile and the
 * node_modules link, and says what happens to deployed stages.
 */
export async function renameServiceGenerator(
  tree: Tree,
  options: RenameServiceGeneratorSchema,
): Promise<GeneratorCallback> {
  const service = readService(tree, options.service);
  const answers = service.answers as Record<string, unknown>;
  const newName = typeof options.newName === "string" ? options.newName.trim() : "";
  if (newName === service.name) throw new GrowError(`${service.name} already has that name.`);
  // The same rules as a new service of this kind and options (kebab-case, reserved, length, taken).
  validateOptions(
    tree,
    {
      name: newName,
      kind: service.kind,
      owner: String(answers.owner ?? ""),
      ...(answers.database === "postgres" ? { database: "postgres" as const } : {}),
      ...(answers.bucket === true ? { bucket: true } : {}),
      ...(typeof answers.schedule === "string" ? { schedule: answers.schedule } : {}),
    },
    service.org,
  );

  const oldName = service.name;
  const rename = renamer(oldName, newName, service.org);
  for (const file of filesUnder(tree, service.root)) {
    const content = tree.read(`${service.root}/${file}`);
    if (content === null) continue;
    const target = `apps/${newName}/${file}`;
    const text = content.toString("utf8");
    // Text files are renamed inside; anything that does not survive a round trip is moved as is.
    const isText = Buffer.from(text, "utf8").equals(content) && !file.startsWith(".local/");
    tree.write(target, isText ? rename(text) : content);
    tree.delete(`${service.root}/${file}`);
  }
  // What stays behind (the .sst link, installs, builds) is rebuilt for the new folder by setup
  // and npm install; .local (local data) moved above with the files.
  deleteFolder(tree, service.root);
  const manifest = `apps/${newName}/package.json`;
  const json = readJson(tree, manifest);
  json.shipyard.answers.name = newName;
  writeJson(tree, manifest, json);
  const owners = tree.read("CODEOWNERS", "utf-8");
  if (owners !== null) {
    tree.write(
      "CODEOWNERS",
      owners.replace(new RegExp(`^/apps/${oldName}/ `, "m"), `/apps/${newName}/ `),
    );
  }

  return async () => {
    if (!options.skipInstall) await installPackages(tree);
    logger.info(
      [
        `Renamed ${oldName} to ${newName} (apps/${newName}, @${service.org}/${newName}, CODEOWNERS, lockfile).`,
        `Deployed stages: SST names every AWS resource after the app, so stages deployed as "${oldName}" keep running under that name,`,
        `and deploying "${newName}" creates new resources: a new database and buckets, without the old data, and new URLs.`,
        `Move the data you need, switch callers to the new URLs, then remove the old stages with the old name`,
        `(check out the commit before this rename and run nx remove ${oldName} --stage <stage>).`,
      ].join("\n"),
    );
  };
}

/**
 * Replaces the service's name where it names the service: the package (`@acme/<name>`), paths
 * (`apps/<name>/`), string literals that are the name (the SST app, tags, the logger's service)
 * or start with `<name>-test-`, the database's snake_case name, and the template's own sentences
 * about the service (the README's heading and commands, the tests' `describe`, the comments that
 * open sst.config.ts, infra/index.ts and src/app.ts), so that a renamed service reads as one
 * generated under its new name. The word elsewhere (a route `/orders/{id}`, a table, the team's
 * prose) is left alone: it may mean something else there.
 */
function renamer(oldName: string, newName: string, org: string) {
  const snakeOld = oldName.replace(/-/g, "_");
  const snakeNew = newName.replace(/-/g, "_");
  // Names are kebab-case: no character in them means anything to a regular expression.
  const rules: [RegExp, string][] = [
    // First: for a one-word name the snake_case name is the name itself, which the rule for
    // `"<name>"` would turn into a hyphenated name that RDS refuses.
    [new RegExp(`(database: )"${snakeOld}"`, "g"), `$1"${snakeNew}"`],
    [new RegExp(`@${org}/${oldName}(?![a-z0-9-])`, "g"), `@${org}/${newName}`],
    [new RegExp(`apps/${oldName}/`, "g"), `apps/${newName}/`],
    [new RegExp(`"${oldName}"`, "g"), `"${newName}"`],
    [new RegExp(`"${oldName}-test-`, "g"), `"${newName}-test-`],
    [new RegExp(`^# ${oldName}$`, "m"), `# ${newName}`],
    [new RegExp(`(\`nx [a-z-]+ |--projects )${oldName}(?=[\` ])`, "g"), `$1${newName}`],
    [new RegExp(`(describe\\(")${oldName} `, "g"), `$1${newName} `],
    [new RegExp(`^( \\* The )${oldName}( service| HTTP API)`, "gm"), `$1${newName}$2`],
  ];
  return (text: string) =>
    rules.reduce((renamed, [pattern, replacement]) => renamed.replace(pattern, replacement), text);
}

function filesUnder(tree: Tree, folder: string, prefix = ""): string[] {
  return tree.children(folder).flatMap((child) => {
    if (prefix === "" && NOT_MOVED.has(child)) return [];
    const path = `${folder}/${child}`;
    return tree.isFile(path) ? [`${prefix}${child}`] : filesUnder(tree, path, `${prefix}${child}/`);
  });
}

export default renameServiceGenerator;
