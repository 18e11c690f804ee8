-- Who may do what, as seeded: the tables' and sequence's privileges (and row security), column
-- privileges, the roles' attributes and memberships, database and role settings, and the
-- database's and schemas' privileges. The checks compare it line for line with what the image
-- recorded when it was baked: an extra grant fails as surely as a missing one.
select pg_catalog.string_agg(line, E'\n' order by line) from (
  select pg_catalog.format('relation %s kind=%s acl=%s rls=%s forced=%s', c.relname, c.relkind, c.relacl, c.relrowsecurity, c.relforcerowsecurity)
  from pg_catalog.pg_class c
  where c.relnamespace = 'public'::pg_catalog.regnamespace
    and c.relname = any (array['orders', 'customers', 'orders_id_seq'])
  union all
  select pg_catalog.format('column %s.%s acl=%s', c.relname, a.attname, a.attacl)
  from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid
  where c.relnamespace = 'public'::pg_catalog.regnamespace and a.attacl is not null
  union all
  select pg_catalog.format('role %s super=%s login=%s createrole=%s createdb=%s bypassrls=%s replication=%s inherit=%s connlimit=%s until=%s',
           rolname, rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication, rolinherit, rolconnlimit, rolvaliduntil)
  from pg_catalog.pg_roles where rolname = any (array['app', 'reporting', 'sre', 'checker'])
  union all
  select pg_catalog.format('member %s of %s admin=%s', m.rolname, r.rolname, a.admin_option)
  from pg_catalog.pg_auth_members a
  join pg_catalog.pg_roles r on r.oid = a.roleid
  join pg_catalog.pg_roles m on m.oid = a.member
  where m.rolname !~ '^pg_' or r.rolname !~ '^pg_'
  union all
  select pg_catalog.format('setting database=%s role=%s %s', d.datname, r.rolname, s.setconfig)
  from pg_catalog.pg_db_role_setting s
  left join pg_catalog.pg_database d on d.oid = s.setdatabase
  left join pg_catalog.pg_roles r on r.oid = s.setrole
  union all
  select pg_catalog.format('database %s owner=%s acl=%s', datname, pg_catalog.pg_get_userbyid(datdba), datacl)
  from pg_catalog.pg_database where datname = 'shop'
  union all
  select pg_catalog.format('schema %s owner=%s acl=%s', nspname, pg_catalog.pg_get_userbyid(nspowner), nspacl)
  from pg_catalog.pg_namespace where nspname = any (array['public', 'monitoring'])
) t(line);
