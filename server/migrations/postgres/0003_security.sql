-- A newer invitation, or an accepted one, revokes the person's other links.
ALTER TABLE invitations ADD COLUMN revoked_at BIGINT;

-- Sessions that began before this instant are over (set when the password is set).
ALTER TABLE people ADD COLUMN sessions_valid_from BIGINT NOT NULL DEFAULT 0;
