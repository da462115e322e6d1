-- A newer invitation, or an accepted one, revokes the person's other links.
ALTER TABLE invitations ADD COLUMN revoked_at INTEGER;

-- Sessions that began before this instant (Unix milliseconds) are over; set when the password is
-- set. Milliseconds, not seconds: a session begun in the same second as the reset must end too.
ALTER TABLE people ADD COLUMN sessions_valid_from_ms INTEGER NOT NULL DEFAULT 0;

-- One base-staffing need per unit, weekday, shift type and kind (anyone, a competence or a
-- quality role); adding it again sets its headcount. Existing repeats are merged first, their
-- headcounts added up, so the need the week view shows stays the same.
UPDATE staffing_needs SET headcount = (
    SELECT SUM(o.headcount) FROM staffing_needs o
    WHERE o.unit_id = staffing_needs.unit_id AND o.weekday = staffing_needs.weekday
      AND o.shift_type_id = staffing_needs.shift_type_id
      AND COALESCE(o.competence_id, 0) = COALESCE(staffing_needs.competence_id, 0)
      AND COALESCE(o.quality_role, '') = COALESCE(staffing_needs.quality_role, ''));
DELETE FROM staffing_needs WHERE id NOT IN (
    SELECT MIN(id) FROM staffing_needs
    GROUP BY unit_id, weekday, shift_type_id, COALESCE(competence_id, 0), COALESCE(quality_role, ''));
CREATE UNIQUE INDEX staffing_needs_one_per_kind ON staffing_needs
    (unit_id, weekday, shift_type_id, (COALESCE(competence_id, 0)), (COALESCE(quality_role, '')));
