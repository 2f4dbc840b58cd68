-- The audit log names people by member id, never by e-mail: rewrite the e-mails of members
-- to their ids, and forget the others (failed sign-ins of people who are not members). Only
-- the actions whose subject was a person: a token's name or a setting's stays as it is.
UPDATE audit_log SET subject = (SELECT id FROM members WHERE members.email = audit_log.subject)
WHERE subject IN (SELECT email FROM members);
UPDATE audit_log SET subject = NULL
WHERE subject LIKE '%@%'
  AND action IN ('sign_in', 'sign_in_failed', 'sign_out', 'sign_out_everywhere', 'member_added',
                 'role_changed', 'member_renamed', 'member_deactivated', 'member_activated',
                 'google_unlinked');

-- Append-only, but for two bounded operations: erasing an IP address (the IP retention), and
-- deleting a row older than the retention admins set (`audit_retention_days`, 365 by
-- default; the key is the one of crates/api/src/settings.rs).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.action IS NOT OLD.action OR NEW.subject IS NOT OLD.subject
  OR NEW.detail IS NOT OLD.detail OR NEW.ip IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (only its IP addresses are erased)'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.at >= datetime('now', '-' || COALESCE(
    (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'audit_retention_days'), 365) || ' days')
BEGIN SELECT RAISE(ABORT, 'audit_log rows are kept for their retention period'); END;
