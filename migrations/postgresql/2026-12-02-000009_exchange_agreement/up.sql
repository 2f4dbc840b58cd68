-- A new state, `awaiting_agreement`: the provider accepted with another duration than the one
-- asked for, and the member served agrees or declines.
ALTER TABLE exchanges DROP CONSTRAINT exchanges_state_check;
ALTER TABLE exchanges ADD CONSTRAINT exchanges_state_check
    CHECK (state IN ('requested', 'awaiting_agreement', 'accepted', 'delivered', 'confirmed', 'evaluated',
                     'declined', 'cancelled', 'disputed'));

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
SELECT id, (now() AT TIME ZONE 'UTC'), NULL, 'cancel', 'Demande en double annulée : une seule demande en cours par annonce'
FROM duplicate_requests;
UPDATE exchanges SET state = 'cancelled', updated_at = (now() AT TIME ZONE 'UTC'), auto_confirm_at = NULL
WHERE id IN (SELECT id FROM duplicate_requests);
DROP TABLE duplicate_requests;
CREATE UNIQUE INDEX exchanges_one_open_per_listing ON exchanges (listing_id, requester_id)
    WHERE state IN ('requested', 'awaiting_agreement', 'accepted', 'delivered', 'disputed');

-- Members deactivated before deactivation closed their listings: close them now.
UPDATE listings SET status = 'closed'
WHERE status IN ('active', 'paused') AND owner_id IN (SELECT id FROM members WHERE status = 'inactive');
