-- dialect: ansi
INSERT INTO mart.ranked
WITH base AS (
  SELECT s.region, s.rep, s.amount, s.sold_at
  FROM sales s
  WHERE s.amount > 0
)
SELECT region,
       rep,
       sum(amount) AS total,
       rank() OVER (PARTITION BY region ORDER BY sum(amount) DESC) AS rnk,
       CASE WHEN sum(amount) > 1000 THEN 'big' ELSE 'small' END AS size
FROM base
GROUP BY region, rep
HAVING count(*) > 2
ORDER BY region;
