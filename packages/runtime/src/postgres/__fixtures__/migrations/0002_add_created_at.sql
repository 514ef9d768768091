alter table notes add column created_at timestamptz not null default now();
create index notes_created_at on notes (created_at);
