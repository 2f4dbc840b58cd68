CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'staff', 'admin')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'inactive')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One account per member, plus the association's own (issuance, fees) with no member.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT UNIQUE REFERENCES members (id),
    kind TEXT NOT NULL CHECK (kind IN ('member', 'issuance', 'fees')),
    balance BIGINT NOT NULL DEFAULT 0,
    floor BIGINT,
    ceiling BIGINT,
    created_at TIMESTAMP NOT NULL,
    CHECK ((kind = 'member') = (member_id IS NOT NULL)),
    CHECK (floor IS NULL OR balance >= floor),
    CHECK (ceiling IS NULL OR balance <= ceiling)
);
CREATE UNIQUE INDEX accounts_one_per_association_kind ON accounts (kind) WHERE member_id IS NULL;
