\set customer random(1, 100000)
SELECT id, status, total, created_at FROM orders WHERE customer_id = :customer ORDER BY created_at DESC LIMIT 20;
