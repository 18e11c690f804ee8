-- What the seeded data looks like: rows and a checksum of every seeded order and customer.
-- Orders placed after the seed (checkout keeps inserting) are left out. Every name is qualified and
-- ONLY leaves out tables that inherit from these; run with search_path = pg_catalog, pg_temp and
-- DateStyle, TimeZone pinned (sql-options), so nothing the candidate creates or sets changes it.
select (select pg_catalog.count(*) from only public.orders where id <= 1002000) || ' '
    || (select pg_catalog.sum(pg_catalog.hashtext(pg_catalog.concat_ws('|', id, customer_id, status, total, created_at)))
        from only public.orders where id <= 1002000) || ' '
    || (select pg_catalog.count(*) from only public.customers) || ' '
    || (select pg_catalog.sum(pg_catalog.hashtext(pg_catalog.concat_ws('|', id, name, email, created_at))) from only public.customers);
