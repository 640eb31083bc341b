-- dialect: postgres
-- database: dw
UPDATE billing.invoices AS i
SET total = i.net + i.tax, currency = upper(i.currency)
WHERE i.status = 'open';
