---
to: "<%= database === 'postgres' ? `apps/${name}/src/database.ts` : null %>"
---
import type { Generated } from "@<%= org %>/runtime/postgres";

/**
 * The tables of the service's database, as the migrations in migrations/ create them. Kysely
 * types every query from this: when a migration changes a table, change it here too.
 */
export interface Database {
<%_ if (kind === "http") { _%>
  items: {
    id: string;
    name: string;
    created_at: Generated<Date>;
  };
<%_ } else { _%>
  messages: {
    id: string;
    body: unknown;
    received_at: Generated<Date>;
  };
<%_ } _%>
}
