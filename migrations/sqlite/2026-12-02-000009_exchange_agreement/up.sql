-- A new state, `awaiting_agreement`: the provider accepted with another duration than the one
-- asked for, and the member served agrees or declines. SQLite changes a CHECK only by
-- rebuilding the table, and migrations run in one transaction, where `foreign_keys=OFF` does
-- nothing. So foreign keys are deferred to the commit: dropping the old table leaves the rows
-- of exchange_events, evaluations and notifications without their exchange for a moment,
-- and putting the exchanges back into the new table (renamed first, `legacy_alter_table`
-- keeping every other reference as it is) gives them back before the commit checks.
PRAGMA defer_foreign_keys = ON;
PRAGMA legacy_alter_table = ON;
CREATE TABLE exchanges_rebuilt (
    id TEXT PRIMARY KEY NOT NULL,
    listing_id TEXT REFERENCES listings (id),
    title TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('requested', 'awaiting_agreement', 'accepted', 'delivered',
                                         'confirmed', 'evaluated', 'declined', 'cancelled', 'disputed')),
    provider_id TEXT NOT NULL REFERENCES members (id),
    beneficiary_id TEXT NOT NULL REFERENCES members (id),
    requester_id TEXT NOT NULL REFERENCES members (id),
    minutes INTEGER,
    amount BIGINT,
    transfer_id TEXT UNIQUE REFERENCES transfers (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP,
    auto_confirm_at TIMESTAMP,
    reminded_at TIMESTAMP,
    CHECK (provider_id <> beneficiary_id)
);
CREATE TEMPORARY TABLE exchanges_kept AS SELECT * FROM exchanges;
DROP TABLE exchanges;
ALTER TABLE exchanges_rebuilt RENAME TO exchanges;
INSERT INTO exchanges (id, listing_id, title, state, provider_id, beneficiary_id, requester_id, minutes,
                       amount, transfer_id, created_at, updated_at, delivered_at, auto_confirm_at, reminded_at)
SELECT id, listing_id, title, state, provider_id, beneficiary_id, requester_id, minutes,
       amount, transfer_id, created_at, updated_at, delivered_at, auto_confirm_at, reminded_at
FROM exchanges_kept;
DROP TABLE exchanges_kept;
CREATE INDEX exchanges_provider ON exchanges (provider_id, id);
CREATE INDEX exchanges_beneficiary ON exchanges (beneficiary_id, id);
CREATE INDEX exchanges_due ON exchanges (state, auto_confirm_at);
PRAGMA legacy_alter_table = OFF;

-- One open exchange per member and listing (a double tap made two). Duplicates are cancelled
-- first, keeping the one furthest along (then the newest), each with a line in its timeline.
CREATE TEMPORARY TABLE duplicate_requests AS
WITH open_exchanges AS (
    SELECT id, listing_id, requester_id,
           CASE state WHEN 'delivered' THEN 3 WHEN 'disputed' THEN 3 WHEN 'accepted' THEN 2
                      WHEN 'awaiting_agreement' THEN 1 ELSE 0 END AS progress
    FROM exchanges
    WHERE state IN ('requested', 'awaiting_agreement', 'accepted', 'delivered', 'disputed')
)
SELECT duplicate.id FROM open_exchanges AS duplicate
WHERE EXISTS (
    SELECT 1 FROM open_exchanges AS kept
    WHERE kept.listing_id = duplicate.listing_id
      AND kept.requester_id = duplicate.requester_id
      AND kept.id <> duplicate.id
      AND (kept.progress > duplicate.progress OR (kept.progress = duplicate.progress AND kept.id > duplicate.id))
);
INSERT INTO exchange_events (exchange_id, at, actor_id, action, note)
SELECT id, strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, 'cancel', 'Demande en double annulée : une seule demande en cours par annonce'
FROM duplicate_requests;
UPDATE exchanges SET state = 'cancelled', updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now'), auto_confirm_at = NULL
WHERE id IN (SELECT id FROM duplicate_requests);
DROP TABLE duplicate_requests;
CREATE UNIQUE INDEX exchanges_one_open_per_listing ON exchanges (listing_id, requester_id)
    WHERE state IN ('requested', 'awaiting_agreement', 'accepted', 'delivered', 'disputed');

-- Members deactivated before deactivation closed their listings: close them now.
UPDATE listings SET status = 'closed'
WHERE status IN ('active', 'paused') AND owner_id IN (SELECT id FROM members WHERE status = 'inactive');
