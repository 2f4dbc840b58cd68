DROP TABLE idempotency_keys;
DROP TABLE postings;
DROP TABLE transfers;
DROP FUNCTION seed_append_only();
ALTER TABLE accounts DROP COLUMN closed_at;
