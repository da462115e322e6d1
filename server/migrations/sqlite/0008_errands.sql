-- Service-team errands (see app/src/domain/errand.rs) (SQLite). Keep in step with
-- ../postgres/0008_errands.sql.

CREATE TABLE errands (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id        INTEGER NOT NULL REFERENCES units(id),
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'open',
    -- The Stockholm date and wall-clock window (minutes after midnight) the unit asked for; no
    -- date means "as soon as possible".
    due_day        TEXT,
    window_start   INTEGER CHECK (window_start BETWEEN 0 AND 1439),
    window_end     INTEGER CHECK (window_end BETWEEN 1 AND 1440),
    -- When it should be done by (the window's end, or a day after the request for "as soon as
    -- possible"): the queue's order.
    due_at         INTEGER NOT NULL,
    pickup         TEXT NOT NULL,
    -- 'office' (the unit's office) or 'client'.
    deliver_to     TEXT NOT NULL CHECK (deliver_to IN ('office', 'client')),
    -- The unit's own short reference for the client; never a name or personal identity number.
    client_ref     TEXT,
    -- Personal data: seen only by the unit and the member who claimed the errand, every view
    -- recorded in errand_access_log.
    client_address TEXT,
    registration   TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    requested_by   INTEGER NOT NULL REFERENCES people(id),
    created_at     INTEGER NOT NULL,
    claimed_by     INTEGER REFERENCES people(id),
    claimed_at     INTEGER,
    closed_at      INTEGER,
    -- Why it was cancelled or could not be completed.
    close_reason   TEXT,
    amount_ore     INTEGER CHECK (amount_ore >= 0),
    receipt        TEXT
);
CREATE INDEX errands_unit ON errands (unit_id, created_at);
CREATE INDEX errands_queue ON errands (state, due_at);

-- The checklist (for shopping: the list, one item per line). Personal data like the address.
CREATE TABLE errand_items (
    errand_id INTEGER NOT NULL REFERENCES errands(id),
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    quantity  TEXT,
    outcome   TEXT CHECK (outcome IN ('found', 'replaced', 'not_found')),
    note      TEXT,
    PRIMARY KEY (errand_id, position)
);

-- Each service-team write's idempotency key: a phone's offline queue sent twice, or a retry
-- after a lost answer, is done once and recorded once.
CREATE TABLE errand_writes (
    key        TEXT PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    errand_id  INTEGER NOT NULL REFERENCES errands(id),
    at         INTEGER NOT NULL
);

-- Every view of a client's address or list (who, when, which errand), for the unit manager.
CREATE TABLE errand_access_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    errand_id  INTEGER NOT NULL REFERENCES errands(id),
    person_id  INTEGER NOT NULL REFERENCES people(id),
    at         INTEGER NOT NULL
);
CREATE INDEX errand_access_log_errand ON errand_access_log (errand_id, at);

-- The municipality's own figure of care-staff minutes an errand kind frees (else the default in
-- domain::errand).
CREATE TABLE errand_kind_minutes (
    kind    TEXT PRIMARY KEY,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440)
);
