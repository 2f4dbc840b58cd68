DROP TABLE settings;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE pending_sign_ins;
DROP TABLE sessions;
DROP INDEX members_oidc_identity;
ALTER TABLE members DROP COLUMN oidc_subject;
ALTER TABLE members DROP COLUMN oidc_issuer;
