ALTER TABLE accounts ADD COLUMN closed_at TIMESTAMP;

-- A movement of TS between two accounts. Append-only: a correction is a reversal that points
-- at what it reverses, at most one per transfer.
CREATE TABLE transfers (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('welcome_grant', 'service', 'payment', 'reversal', 'adjustment',
                                       'account_closing', 'mission_brought', 'contact_reveal')),
    from_account TEXT NOT NULL REFERENCES accounts (id),
    to_account TEXT NOT NULL REFERENCES accounts (id),
    amount BIGINT NOT NULL CHECK (amount > 0),
    initiated_by TEXT REFERENCES members (id),
    exchange_id TEXT,
    memo TEXT NOT NULL,
    reverses TEXT UNIQUE REFERENCES transfers (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (from_account <> to_account),
    CHECK ((kind = 'reversal') = (reverses IS NOT NULL))
);
CREATE UNIQUE INDEX transfers_one_welcome_grant ON transfers (to_account) WHERE kind = 'welcome_grant';
CREATE INDEX transfers_exchange ON transfers (exchange_id);

-- Each transfer's two postings, each with its account's balance right after it.
CREATE TABLE postings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id TEXT NOT NULL REFERENCES transfers (id),
    account_id TEXT NOT NULL REFERENCES accounts (id),
    amount BIGINT NOT NULL CHECK (amount <> 0),
    balance_after BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX postings_account ON postings (account_id, id);
CREATE INDEX postings_transfer ON postings (transfer_id);

CREATE TRIGGER transfers_no_update BEFORE UPDATE ON transfers
BEGIN SELECT RAISE(ABORT, 'transfers are append-only'); END;
CREATE TRIGGER transfers_no_delete BEFORE DELETE ON transfers
BEGIN SELECT RAISE(ABORT, 'transfers are append-only'); END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are append-only'); END;

-- One request, one effect: the first answer to a key is stored with the request's hash.
CREATE TABLE idempotency_keys (
    owner TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
