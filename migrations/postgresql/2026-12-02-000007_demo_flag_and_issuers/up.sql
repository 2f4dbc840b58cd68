-- Members a demo-mode server created. A demo server refuses a database holding any other
-- member, so it never touches a real one. Existing members are real until proven otherwise.
ALTER TABLE members ADD COLUMN demo BOOLEAN NOT NULL DEFAULT FALSE;

-- One spelling per issuer: Google writes `accounts.google.com` as well as
-- `https://accounts.google.com`. A second link of the same Google account under the other
-- spelling (which the old code allowed) is undone; staff re-link it if needed.
UPDATE members SET oidc_issuer = 'https://' || oidc_issuer
WHERE oidc_issuer NOT LIKE '%://%'
  AND NOT EXISTS (
    SELECT 1 FROM members AS other
    WHERE other.oidc_issuer = 'https://' || members.oidc_issuer
      AND other.oidc_subject = members.oidc_subject
  );
UPDATE members SET oidc_issuer = NULL, oidc_subject = NULL WHERE oidc_issuer NOT LIKE '%://%';
-- ... and without a trailing slash, as `seed_domain::auth::canonical_issuer` writes it.
UPDATE members SET oidc_issuer = rtrim(oidc_issuer, '/')
WHERE oidc_issuer LIKE '%/'
  AND NOT EXISTS (
    SELECT 1 FROM members AS other
    WHERE other.oidc_issuer = rtrim(members.oidc_issuer, '/') AND other.oidc_subject = members.oidc_subject
  );
UPDATE members SET oidc_issuer = NULL, oidc_subject = NULL WHERE oidc_issuer LIKE '%/';
