-- dialect: snowflake
-- database: analytics
-- schema: staging
CREATE TEMPORARY TABLE recent AS
SELECT o.id, o.customer_id, o.amount
FROM raw.orders o
WHERE o.created_at > '2024-01-01';

INSERT INTO marts.customer_totals (customer_id, total, email_hash)
SELECT r.customer_id, sum(r.amount), sha2(c.email)
FROM recent r
JOIN raw.customers c ON c.id = r.customer_id
GROUP BY r.customer_id, c.email;
