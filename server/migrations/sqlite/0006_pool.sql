-- The staff pool: pool workers' profiles and availability, the offers the allocation makes and
-- the bookings they become (SQLite). Keep in step with ../postgres/0006_pool.sql.

-- A request that allows direct booking: eligible pool workers see its free places as open
-- shifts and may take one themselves (set by a coordinator on the pool page).
ALTER TABLE pool_requests ADD COLUMN direct_booking INTEGER NOT NULL DEFAULT 0 CHECK (direct_booking IN (0, 1));

-- What the allocation needs to know of a pool worker besides their competences and agreement.
CREATE TABLE pool_profiles (
    person_id        INTEGER PRIMARY KEY REFERENCES people(id),
    tier             TEXT NOT NULL DEFAULT 'care' CHECK (tier IN ('care', 'service')),
    -- An area of the municipality (as units name theirs); its units' mean position is "home".
    home_area        TEXT,
    max_travel_km    INTEGER NOT NULL DEFAULT 20 CHECK (max_travel_km BETWEEN 1 AND 200),
    -- The worker's own weekly cap (employment percentage, or a wish); NULL: the agreement's.
    max_week_minutes INTEGER CHECK (max_week_minutes > 0),
    updated_at       INTEGER NOT NULL
);

-- Units where a pool worker has been introduced (knows the place, its recipients and routines).
CREATE TABLE pool_introductions (
    person_id INTEGER NOT NULL REFERENCES people(id),
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (person_id, unit_id)
);

-- When a pool worker can work: parts of Stockholm days (their hours are in domain::pool).
CREATE TABLE pool_availability (
    person_id INTEGER NOT NULL REFERENCES people(id),
    day       TEXT NOT NULL,
    part      TEXT NOT NULL CHECK (part IN ('day', 'evening', 'night')),
    PRIMARY KEY (person_id, day, part)
);

-- One place of a pool request (`slot_no` 1..headcount) proposed to or offered to one worker.
-- 'proposed' is the coordinator's draft; publishing makes it 'offered' with a deadline.
CREATE TABLE pool_offers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  INTEGER NOT NULL REFERENCES pool_requests(id),
    slot_no     INTEGER NOT NULL CHECK (slot_no >= 1),
    person_id   INTEGER NOT NULL REFERENCES people(id),
    state       TEXT NOT NULL CHECK (state IN ('proposed', 'offered', 'accepted', 'declined', 'expired', 'withdrawn')),
    -- The allocation's reasons (domain::allocation::Why as JSON).
    why         TEXT NOT NULL,
    created_by  INTEGER REFERENCES people(id),
    created_at  INTEGER NOT NULL,
    offered_at  INTEGER,
    deadline    INTEGER,
    answered_at INTEGER
);
CREATE INDEX pool_offers_person ON pool_offers(person_id, state);
CREATE INDEX pool_offers_slot ON pool_offers(request_id, slot_no);
CREATE INDEX pool_offers_state ON pool_offers(state, deadline);

-- A place of a pool request taken by a worker: the shift it made, who, and when confirmed. Never
-- changed, only cancelled (with who, when and why).
CREATE TABLE pool_bookings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id    INTEGER NOT NULL REFERENCES pool_requests(id),
    slot_no       INTEGER NOT NULL CHECK (slot_no >= 1),
    offer_id      INTEGER REFERENCES pool_offers(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    -- The shift the booking made at the unit; NULL once cancelled (the shift is then removed).
    shift_id      INTEGER REFERENCES shifts(id),
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    confirmed_at  INTEGER NOT NULL,
    cancelled_at  INTEGER,
    cancelled_by  INTEGER REFERENCES people(id),
    cancel_reason TEXT
);
-- Exactly one booking per place, whatever happens at once (the accept also locks the request).
CREATE UNIQUE INDEX pool_bookings_one_per_slot ON pool_bookings(request_id, slot_no) WHERE cancelled_at IS NULL;
CREATE INDEX pool_bookings_person ON pool_bookings(person_id);

-- What each allocation run found: the summary and, per place left open, why (JSON of
-- domain::allocation::Unfilled, slots named "<request id>-<place no>"). The newest is shown.
CREATE TABLE pool_runs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    run_by       INTEGER NOT NULL REFERENCES people(id),
    run_at       INTEGER NOT NULL,
    places       INTEGER NOT NULL,
    proposed     INTEGER NOT NULL,
    need_total   INTEGER NOT NULL,
    need_covered INTEGER NOT NULL,
    unfilled     TEXT NOT NULL
);

-- Runs and publishing take this row's lock first, so two coordinators never interleave them.
INSERT INTO meta (key, value) VALUES ('pool_allocation', '');

-- A phone's Web Push subscription (after its person said yes to notifications). The server's
-- own VAPID key is made at first use and kept in `meta` ('vapid_private_key').
CREATE TABLE push_subscriptions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    endpoint   TEXT NOT NULL UNIQUE,
    p256dh     TEXT NOT NULL,
    auth       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_person ON push_subscriptions(person_id);
