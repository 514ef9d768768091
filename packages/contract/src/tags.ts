/** Who a service belongs to, as its tags and metadata record it. */
export interface ServiceIdentity {
  service: string;
  owner: string;
  stage: string;
}

/** The tag keys every AWS resource of a service carries. */
export const TAG_KEYS = ["service", "owner", "stage", "managed-by"] as const;

export const MANAGED_BY = "shipyard";

/**
 * The tags every resource of a service carries: who owns it, what it belongs to, and that the
 * platform manages it (so nobody edits it in the console).
 */
export function serviceTags(identity: ServiceIdentity): Record<(typeof TAG_KEYS)[number], string> {
  return {
    service: identity.service,
    owner: identity.owner,
    stage: identity.stage,
    "managed-by": MANAGED_BY,
  };
}
