-- Offers and wants: what members propose and look for.
CREATE TABLE listings (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('offer', 'want')),
    owner_id TEXT NOT NULL REFERENCES members (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Tags, one per line.
    skills TEXT NOT NULL,
    estimated_minutes INTEGER NOT NULL CHECK (estimated_minutes > 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'closed', 'expired')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX listings_browse ON listings (status, kind, id);
CREATE INDEX listings_owner ON listings (owner_id);

-- A service between two members, from request to confirmation (the transfer) and evaluation.
CREATE TABLE exchanges (
    id TEXT PRIMARY KEY NOT NULL,
    listing_id TEXT REFERENCES listings (id),
    title TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('requested', 'accepted', 'delivered', 'confirmed', 'evaluated',
                                         'declined', 'cancelled', 'disputed')),
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
CREATE INDEX exchanges_provider ON exchanges (provider_id, id);
CREATE INDEX exchanges_beneficiary ON exchanges (beneficiary_id, id);
CREATE INDEX exchanges_due ON exchanges (state, auto_confirm_at);

-- Each step of an exchange, for its timeline.
CREATE TABLE exchange_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exchange_id TEXT NOT NULL REFERENCES exchanges (id),
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES members (id),
    action TEXT NOT NULL,
    note TEXT
);
CREATE INDEX exchange_events_exchange ON exchange_events (exchange_id, id);

-- One evaluation per exchange, by the member served or by staff.
CREATE TABLE evaluations (
    exchange_id TEXT PRIMARY KEY NOT NULL REFERENCES exchanges (id),
    evaluator_id TEXT NOT NULL REFERENCES members (id),
    by_staff BOOLEAN NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    kind TEXT NOT NULL,
    exchange_id TEXT REFERENCES exchanges (id),
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_member ON notifications (member_id, id);
