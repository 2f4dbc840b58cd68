DROP INDEX transfers_exchange;
CREATE INDEX transfers_exchange ON transfers (exchange_id);
