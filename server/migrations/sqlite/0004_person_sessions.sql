-- Which stored session belongs to whom, written by the session store as it saves a signed-in
-- session (server/src/sessions.rs), so that deactivating a person deletes their sessions in the
-- same transaction (app/src/ssr/auth.rs, `delete_sessions_of`). Keep in step with the other
-- backend's 0004.
CREATE TABLE person_sessions (
    session_id TEXT PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES people(id)
);
CREATE INDEX person_sessions_person ON person_sessions(person_id);
