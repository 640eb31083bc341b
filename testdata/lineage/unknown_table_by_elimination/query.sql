-- dialect: ansi
INSERT INTO out_t
SELECT a.id, name, total
FROM a
JOIN b ON a.id = b.a_id;
