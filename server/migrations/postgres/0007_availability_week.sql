-- A pool worker's availability as a standing week with exceptions (see domain::pool).

-- The parts of each weekday (1 = Monday … 7 = Sunday) the worker is usually available.
CREATE TABLE pool_week_pattern (
    person_id BIGINT NOT NULL REFERENCES people(id),
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    part      TEXT NOT NULL CHECK (part IN ('day', 'evening', 'night')),
    PRIMARY KEY (person_id, weekday, part)
);

-- A date the worker set by hand: its parts (pool_availability) and own times
-- (pool_availability_times) replace the weekly pattern on that date; none at all means "not
-- available that day".
CREATE TABLE pool_availability_days (
    person_id BIGINT NOT NULL REFERENCES people(id),
    day       TEXT NOT NULL,
    PRIMARY KEY (person_id, day)
);

-- Own times on a date set by hand, in Stockholm wall-clock minutes after midnight. An end at or
-- before the start runs past midnight into the next day.
CREATE TABLE pool_availability_times (
    person_id    BIGINT NOT NULL REFERENCES people(id),
    day          TEXT NOT NULL,
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
    PRIMARY KEY (person_id, day, start_minute)
);

-- Until now every date with a part given was a date set by hand, and any other date was "not
-- available": with an empty weekly pattern that reading stays.
INSERT INTO pool_availability_days (person_id, day) SELECT DISTINCT person_id, day FROM pool_availability;
