-- A newer invitation, or an accepted one, revokes the person's other links.
ALTER TABLE invitations ADD COLUMN revoked_at BIGINT;

-- Sessions that began before this instant (Unix milliseconds) are over; set when the password is
-- set. Milliseconds, not seconds: a session begun in the same second as the reset must end too.
ALTER TABLE people ADD COLUMN sessions_valid_from_ms BIGINT NOT NULL DEFAULT 0;
