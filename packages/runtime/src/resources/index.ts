export { InvalidResourceError, MissingResourceError } from "./errors";
export { hasResource, type ResourceName, resource } from "./resource";
