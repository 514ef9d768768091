---
to: "<%= database === 'postgres' ? `apps/${name}/migrations/0001_${kind === 'http' ? 'create_items' : 'create_messages'}.sql` : null %>"
---
<%_ if (kind === "http") { _%>
-- The example items of src/app.ts. Migrations run in file-name order, once each; to change the
-- schema, add the next file (0002_...) instead of editing this one after it is deployed.
create table items (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now()
);
<%_ } else { _%>
-- One row per message id: the consumer inserts with "on conflict do nothing", so a message that SQS
-- delivers again (or a producer sends twice) is stored once. Migrations run in file-name order,
-- once each; to change the schema, add the next file (0002_...) instead of editing this one.
create table messages (
  id text primary key,
  body jsonb not null,
  received_at timestamptz not null default now()
);
<%_ } _%>
