-- dialect: mysql
USE shop;
CREATE TABLE daily (d date, revenue decimal(12,2), orders int);
INSERT INTO daily
SELECT date(created_at), sum(price * qty), count(distinct order_id)
FROM order_lines
GROUP BY 1;
