-- Most transfers refer to no exchange (direct payments) and reverse nothing (all but
-- reversals): indexing only the values that are there saves two index entries per transfer,
-- and a lookup by a given exchange or reversed transfer still uses the index. The partial
-- unique index keeps "a transfer is reversed at most once".
ALTER TABLE transfers DROP CONSTRAINT transfers_reverses_key;
CREATE UNIQUE INDEX transfers_one_reversal ON transfers (reverses) WHERE reverses IS NOT NULL;
DROP INDEX transfers_exchange;
CREATE INDEX transfers_exchange ON transfers (exchange_id) WHERE exchange_id IS NOT NULL;
