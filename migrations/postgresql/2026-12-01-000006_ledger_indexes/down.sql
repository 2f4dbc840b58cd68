DROP INDEX transfers_exchange;
CREATE INDEX transfers_exchange ON transfers (exchange_id);
DROP INDEX transfers_one_reversal;
ALTER TABLE transfers ADD CONSTRAINT transfers_reverses_key UNIQUE (reverses);
