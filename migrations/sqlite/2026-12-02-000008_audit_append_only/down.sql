DROP TRIGGER audit_log_no_update;
DROP TRIGGER audit_log_no_delete;
