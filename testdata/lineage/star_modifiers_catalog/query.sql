-- dialect: ansi
INSERT INTO mart.wide
SELECT u.*, o.amount
FROM app.users u
NATURAL JOIN app.orders o;
