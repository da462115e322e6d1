-- Schedules, shifts and working-time rules (SQLite). Keep in step with ../postgres/0002_schedules.sql.

-- Collective-agreement profiles: the limits the working-time rules use.
CREATE TABLE agreement_profiles (
    id                            INTEGER PRIMARY KEY AUTOINCREMENT,
    name                          TEXT NOT NULL UNIQUE,
    daily_rest_minutes            INTEGER NOT NULL,
    daily_rest_exception_minutes  INTEGER NOT NULL,
    weekly_rest_minutes           INTEGER NOT NULL,
    max_week_minutes              INTEGER,
    night_reference_days          INTEGER NOT NULL,
    night_average_max_minutes     INTEGER NOT NULL
);
INSERT INTO agreement_profiles (name, daily_rest_minutes, daily_rest_exception_minutes, weekly_rest_minutes,
    max_week_minutes, night_reference_days, night_average_max_minutes)
VALUES ('AB (kommunal)', 660, 540, 2160, 2880, 28, 480);

ALTER TABLE people ADD COLUMN agreement_profile_id INTEGER REFERENCES agreement_profiles(id);
-- A personal cap per calendar month, e.g. 165 h (9900 min) for hourly pool staff.
ALTER TABLE people ADD COLUMN max_month_minutes INTEGER;
-- The secret of the person's calendar feed, hashed; NULL until they create one.
ALTER TABLE people ADD COLUMN calendar_token_hash TEXT;
CREATE UNIQUE INDEX people_calendar_token ON people(calendar_token_hash);

-- Warn when a person gets more resource (float) shifts than this in four weeks.
ALTER TABLE units ADD COLUMN resource_warning_per_4_weeks INTEGER NOT NULL DEFAULT 4;

-- Kinds of shift at a unit, in local wall-clock time; an end at or before the start is next day.
CREATE TABLE shift_types (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (unit_id, code)
);

-- Base staffing (grundbemanning): per weekday (1 = Monday) and shift type, how many people of
-- which competence, or which quality role, are needed.
CREATE TABLE staffing_needs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    shift_type_id INTEGER NOT NULL REFERENCES shift_types(id),
    competence_id INTEGER REFERENCES competences(id),
    quality_role  TEXT CHECK (quality_role IN ('team_leader', 'activity_coordinator', 'meal_coordinator')),
    headcount     INTEGER NOT NULL CHECK (headcount >= 0)
);
CREATE INDEX staffing_needs_unit ON staffing_needs(unit_id);

-- A rolling schedule of N weeks; week 0 starts on `start_date` (a Monday).
CREATE TABLE rotations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    weeks      INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 16),
    start_date TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
);

-- A line of the rolling schedule, given to a person (or vacant).
CREATE TABLE rotation_lines (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    rotation_id        INTEGER NOT NULL REFERENCES rotations(id),
    line_no            INTEGER NOT NULL,
    person_id          INTEGER REFERENCES people(id),
    employment_percent INTEGER NOT NULL DEFAULT 100,
    UNIQUE (rotation_id, line_no)
);

CREATE TABLE rotation_slots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    line_id       INTEGER NOT NULL REFERENCES rotation_lines(id),
    week_index    INTEGER NOT NULL,
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    shift_type_id INTEGER NOT NULL REFERENCES shift_types(id),
    quality_role  TEXT,
    resource      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rotation_slots_line ON rotation_slots(line_id);

-- Concrete shifts. Instants in UTC seconds. A shift without a person is open (vakant).
CREATE TABLE shifts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id               INTEGER NOT NULL REFERENCES units(id),
    person_id             INTEGER REFERENCES people(id),
    shift_type_id         INTEGER REFERENCES shift_types(id),
    starts_at             INTEGER NOT NULL,
    ends_at               INTEGER NOT NULL,
    quality_role          TEXT,
    resource              INTEGER NOT NULL DEFAULT 0,
    status                TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'absent')),
    rest_exception_reason TEXT,
    rotation_line_id      INTEGER REFERENCES rotation_lines(id),
    created_at            INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX shifts_person_time ON shifts(person_id, starts_at);
CREATE INDEX shifts_unit_time ON shifts(unit_id, starts_at);
-- Generating the same rotation twice does not double the shifts.
CREATE UNIQUE INDEX shifts_generated_once ON shifts(rotation_line_id, starts_at);
