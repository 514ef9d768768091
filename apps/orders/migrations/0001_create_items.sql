-- The example items of src/app.ts. Migrations run in file-name order, once each; to change the
-- schema, add the next file (0002_...) instead of editing this one after it is deployed.
create table items (
  id uuid primary key,
  name text not null,
  created_at timestamptz not null default now()
);
