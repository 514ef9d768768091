import type { Generated } from "@acme/runtime/postgres";

/**
 * The tables of the service's database, as the migrations in migrations/ create them. Kysely
 * types every query from this: when a migration changes a table, change it here too.
 */
export interface Database {
  items: {
    id: string;
    name: string;
    created_at: Generated<Date>;
  };
}
