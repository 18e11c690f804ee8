-- The orders database of the pegged-database incident. Roles: `app` (the orders API and checkout),
-- `reporting` (the monthly report), `sre` (the candidate: owns the tables, may end other sessions
-- and read every statistic, is not a superuser) and `checker` (the platform's checks: reads the
-- statistics and the seeded tables, bypasses row security, nothing else; not a superuser).
create role app login;
create role reporting login;
create role sre login in role pg_signal_backend, pg_monitor;
create role checker login bypassrls in role pg_monitor;
create database shop owner sre;
\connect shop
-- pg_stat_statements lives in a schema the candidate does not own (public belongs to the database
-- owner, who may drop and replace anything in it); the database's search path still finds it.
create schema monitoring;
grant usage on schema monitoring to public;
create extension pg_stat_statements schema monitoring;
alter database shop set search_path = "$user", public, monitoring;
set role sre;

create table customers (
  id int primary key,
  name text not null,
  email text not null,
  created_at timestamptz not null
);
create table orders (
  id bigserial primary key,
  customer_id int not null references customers (id),
  status text not null,
  total numeric(10, 2) not null,
  created_at timestamptz not null default now()
);

select setseed(0.42);
insert into customers
select i, 'Customer ' || i, 'customer' || i || '@example.com', now() - interval '3 years' + i * interval '15 minutes'
from generate_series(1, 100000) as i;

-- The statistics the planner holds on orders date from launch week, when ten customers had ordered.
insert into orders (customer_id, status, total, created_at)
select 1 + i % 10, 'delivered', 19.99, timestamptz '2023-11-20' + i * interval '5 minutes'
from generate_series(1, 2000) as i;
analyze orders;
alter table orders set (autovacuum_enabled = false);

insert into orders (customer_id, status, total, created_at)
select 1 + floor(random() * 100000)::int,
       (array['new', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'cancelled'])[1 + floor(random() * 7)::int],
       round((5 + random() * 495)::numeric, 2),
       timestamptz '2024-01-01' + random() * interval '700 days'
from generate_series(1, 1000000) as i;

reset role;
grant select, insert on orders to app;
grant usage on sequence orders_id_seq to app;
grant select on customers to app, reporting;
grant select on orders to reporting;
grant select on orders, customers to checker;
checkpoint;
