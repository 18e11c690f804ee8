\set customer random(1, 100000)
INSERT INTO orders (customer_id, status, total) VALUES (:customer, 'new', 42.00);
