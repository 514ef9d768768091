/** Turn `Database` into `database`, the usual name of the infra variable holding it. */
const infraVariable = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Thrown by {@link resource} when a resource is not linked to the running code. The message
 * names the link and says how to fix it.
 */
export class MissingResourceError extends Error {
  /** The name of the missing resource, e.g. `"Database"`. */
  readonly resourceName: string;

  constructor(resourceName: string) {
    super(
      `Resource "${resourceName}" is not linked to this function. ` +
        `Link it in the service's infra (link: [${infraVariable(resourceName)}]) and, ` +
        `for local runs and tests, set SST_RESOURCE_${resourceName}='{"...":...}'.`,
    );
    this.name = "MissingResourceError";
    this.resourceName = resourceName;
  }
}

/** Thrown by {@link resource} when `SST_RESOURCE_<Name>` holds something that is not JSON. */
export class InvalidResourceError extends Error {
  /** The name of the resource, e.g. `"Database"`. */
  readonly resourceName: string;

  constructor(resourceName: string, cause: unknown) {
    super(
      `SST_RESOURCE_${resourceName} is not valid JSON. Set it to the resource's properties, ` +
        `e.g. SST_RESOURCE_${resourceName}='{"name":"..."}'.`,
      { cause },
    );
    this.name = "InvalidResourceError";
    this.resourceName = resourceName;
  }
}
