-- What the seeded data looks like: rows and a checksum of every seeded order and customer.
-- Orders placed after the seed (checkout keeps inserting) are left out.
select (select count(*) from orders where id <= 1002000) || ' '
    || (select sum(hashtext(concat_ws('|', id, customer_id, status, total, created_at))) from orders where id <= 1002000) || ' '
    || (select count(*) from customers) || ' '
    || (select sum(hashtext(concat_ws('|', id, name, email, created_at))) from customers);
