-- Daily reports (lägesrapporter) and the pool requests they raise (SQLite). Keep in step with
-- ../postgres/0005_daily_reports.sql.

-- A unit's report for `report_date` (Stockholm) and the day after. A correction the same day is a
-- new version; the highest version is the report, the lower ones its history (never changed).
CREATE TABLE daily_reports (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    report_date         TEXT NOT NULL,
    version             INTEGER NOT NULL CHECK (version >= 1),
    filed_by            INTEGER NOT NULL REFERENCES people(id),
    filed_at            INTEGER NOT NULL,
    cases_recipients    INTEGER NOT NULL CHECK (cases_recipients >= 0),
    cases_staff         INTEGER NOT NULL CHECK (cases_staff >= 0),
    outbreak            INTEGER NOT NULL CHECK (outbreak IN (0, 1)),
    recipients_affected INTEGER NOT NULL CHECK (recipients_affected >= 0),
    note                TEXT NOT NULL,
    -- People the base staffing planned for the two days when filed (the score's denominator).
    planned_staff       INTEGER NOT NULL CHECK (planned_staff >= 0),
    -- The need score when filed (the picture recomputes today's; history and charts keep this).
    need_score          INTEGER NOT NULL CHECK (need_score BETWEEN 0 AND 100),
    UNIQUE (unit_id, report_date, version)
);
CREATE INDEX daily_reports_date ON daily_reports(report_date);

-- Staff absent, by day of the report (0 = its date, 1 = the day after), reason and competence.
CREATE TABLE daily_report_absences (
    report_id     INTEGER NOT NULL REFERENCES daily_reports(id),
    day_offset    INTEGER NOT NULL CHECK (day_offset IN (0, 1)),
    reason        TEXT NOT NULL CHECK (reason IN ('own_illness', 'child_care', 'other')),
    competence_id INTEGER REFERENCES competences(id),
    headcount     INTEGER NOT NULL CHECK (headcount > 0)
);
CREATE INDEX daily_report_absences_report ON daily_report_absences(report_id);

-- The gap per shift and competence (NULL: any staff), as the manager confirmed it, and how many
-- of it the unit covers itself; the rest becomes a pool request.
CREATE TABLE daily_report_gaps (
    report_id     INTEGER NOT NULL REFERENCES daily_reports(id),
    day_offset    INTEGER NOT NULL CHECK (day_offset IN (0, 1)),
    shift_type_id INTEGER NOT NULL REFERENCES shift_types(id),
    competence_id INTEGER REFERENCES competences(id),
    short         INTEGER NOT NULL CHECK (short > 0),
    solved        INTEGER NOT NULL CHECK (solved >= 0 AND solved <= short)
);
CREATE INDEX daily_report_gaps_report ON daily_report_gaps(report_id);

-- Staff a unit asks of the pool: for one shift, of one competence (NULL: any care staff). A
-- correction of the report changes `headcount` or withdraws the request; the pool allocation
-- fills it (`filled`).
CREATE TABLE pool_requests (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    shift_date    TEXT NOT NULL,
    shift_type_id INTEGER NOT NULL REFERENCES shift_types(id),
    competence_id INTEGER REFERENCES competences(id),
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    headcount     INTEGER NOT NULL CHECK (headcount >= 0),
    filled        INTEGER NOT NULL DEFAULT 0 CHECK (filled >= 0),
    state         TEXT NOT NULL CHECK (state IN ('open', 'withdrawn')),
    origin        TEXT NOT NULL CHECK (origin IN ('daily_report', 'week_view')),
    report_id     INTEGER REFERENCES daily_reports(id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE UNIQUE INDEX pool_requests_one_per_need
    ON pool_requests(unit_id, shift_date, shift_type_id, COALESCE(competence_id, 0));
CREATE INDEX pool_requests_state ON pool_requests(state, shift_date);

-- A coordinator asking a unit that has not reported today for its report.
CREATE TABLE report_reminders (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    report_date TEXT NOT NULL,
    reminded_by INTEGER NOT NULL REFERENCES people(id),
    reminded_at INTEGER NOT NULL
);
CREATE INDEX report_reminders_unit ON report_reminders(unit_id, report_date);
