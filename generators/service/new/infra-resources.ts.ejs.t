---
to: apps/<%= name %>/infra/resources.ts
---
/// <reference path="../.sst/platform/config.d.ts" />

let created: ReturnType<typeof create> | undefined;

/**
 * Resources linked to every function of the service (infra/index.ts and the consumers link
 * them), made once. `nx g @<%= org %>/platform:resource` adds them here, one per line.
 */
export function linkedResources() {
  created ??= create();
  return created;
}

function create() {
  return [
    // One resource per line.
  ];
}
