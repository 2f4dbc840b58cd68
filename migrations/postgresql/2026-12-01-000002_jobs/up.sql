-- Periodic jobs: an instance claims a due job by moving next_run_at forward in the same
-- transaction that found it due, so no two instances run the same period.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY NOT NULL,
    period_seconds BIGINT NOT NULL CHECK (period_seconds > 0),
    next_run_at TIMESTAMP NOT NULL,
    last_run_at TIMESTAMP,
    last_run_by TEXT,
    runs BIGINT NOT NULL DEFAULT 0
);
