DROP TABLE idempotency_keys;
DROP TABLE postings;
DROP TABLE transfers;
ALTER TABLE accounts DROP COLUMN closed_at;
