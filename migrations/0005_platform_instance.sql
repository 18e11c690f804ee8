-- One random id per platform installation. Live environments on a shared Docker engine are labelled
-- with it (and the database's name), so two platforms never sweep away each other's.
create table platform_instance (
  id uuid primary key default gen_random_uuid(),
  one_row boolean not null default true unique check (one_row)
);
insert into platform_instance default values;
