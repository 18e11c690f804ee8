-- Repeat customers: for every delivered order, how many earlier orders its customer had.
SELECT o.id, o.customer_id,
       (SELECT count(*) FROM orders p WHERE p.customer_id = o.customer_id AND p.created_at < o.created_at) AS earlier_orders
FROM orders o
WHERE o.status = 'delivered'
ORDER BY o.customer_id;
