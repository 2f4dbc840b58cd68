-- The audit log names people by member id, never by e-mail: rewrite the e-mails of members
-- to their ids, and forget the others (failed sign-ins of people who are not members). Only
-- the actions whose subject was a person: a token's name or a setting's stays as it is.
UPDATE audit_log SET subject = members.id FROM members WHERE members.email = audit_log.subject;
UPDATE audit_log SET subject = NULL
WHERE subject LIKE '%@%'
  AND action IN ('sign_in', 'sign_in_failed', 'sign_out', 'sign_out_everywhere', 'member_added',
                 'role_changed', 'member_renamed', 'member_deactivated', 'member_activated',
                 'google_unlinked');

-- Append-only, but for two bounded operations: erasing an IP address (the IP retention), and
-- deleting a row older than the retention admins set (`audit_retention_days`, 365 by
-- default; the key is the one of crates/api/src/settings.rs).
CREATE FUNCTION seed_audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.id IS DISTINCT FROM OLD.id OR NEW.at IS DISTINCT FROM OLD.at
            OR NEW.actor_id IS DISTINCT FROM OLD.actor_id OR NEW.action IS DISTINCT FROM OLD.action
            OR NEW.subject IS DISTINCT FROM OLD.subject OR NEW.detail IS DISTINCT FROM OLD.detail
            OR NEW.ip IS NOT NULL THEN
            RAISE EXCEPTION 'audit_log is append-only (only its IP addresses are erased)';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.at >= (now() AT TIME ZONE 'UTC') - make_interval(days => COALESCE(
        (SELECT value::integer FROM settings WHERE key = 'audit_retention_days'), 365)) THEN
        RAISE EXCEPTION 'audit_log rows are kept for their retention period';
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION seed_audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION seed_append_only();
