-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- same tables, columns and constraints; only the type names differ.
-- Instants are Unix seconds (UTC); dates are ISO text. Booleans are 0/1 integers on both backends
-- so one query text and one row decoder serve both.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE providers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('municipal', 'private')),
    org_number  TEXT NOT NULL UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1,
    search_text TEXT NOT NULL
);

CREATE TABLE units (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('home_care', 'residential', 'other')),
    area        TEXT NOT NULL,
    address     TEXT NOT NULL,
    latitude    DOUBLE PRECISION,
    longitude   DOUBLE PRECISION,
    active      INTEGER NOT NULL DEFAULT 1,
    search_text TEXT NOT NULL
);
CREATE INDEX units_provider ON units(provider_id);

CREATE TABLE competences (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    code    TEXT NOT NULL UNIQUE,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    active  INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE people (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    email              TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    phone              TEXT NOT NULL DEFAULT '',
    employment_percent INTEGER NOT NULL DEFAULT 100 CHECK (employment_percent BETWEEN 0 AND 100),
    password_hash      TEXT,
    active             INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    search_text        TEXT NOT NULL
);

CREATE TABLE person_roles (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people(id),
    role      TEXT NOT NULL CHECK (role IN ('admin', 'coordinator', 'unit_manager', 'care_worker', 'pool_worker', 'service_team')),
    unit_id   INTEGER REFERENCES units(id)
);
CREATE UNIQUE INDEX person_roles_unique ON person_roles(person_id, role, COALESCE(unit_id, 0));
CREATE INDEX person_roles_unit ON person_roles(unit_id);

CREATE TABLE person_competences (
    person_id     INTEGER NOT NULL REFERENCES people(id),
    competence_id INTEGER NOT NULL REFERENCES competences(id),
    PRIMARY KEY (person_id, competence_id)
);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people(id),
    created_by INTEGER REFERENCES people(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- Failed logins, for throttling per account and per client address across all server instances.
CREATE TABLE login_failures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_key TEXT NOT NULL,
    address_key TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX login_failures_account ON login_failures(account_key, at);
CREATE INDEX login_failures_address ON login_failures(address_key, at);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    actor_id  INTEGER REFERENCES people(id),
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    details   TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
