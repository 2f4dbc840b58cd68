-- Most transfers refer to no exchange (direct payments): indexing only the exchange ids that
-- are there saves an index entry per transfer, and a lookup by a given exchange still uses it.
-- (The UNIQUE on `reverses` stays as it is: SQLite cannot drop a column constraint without
-- rebuilding the append-only table.)
DROP INDEX transfers_exchange;
CREATE INDEX transfers_exchange ON transfers (exchange_id) WHERE exchange_id IS NOT NULL;
