DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_guard ON audit_log;
DROP FUNCTION seed_audit_log_guard();
