-- The session tables as lambdas/session-cleanup expects them (docs/session-cleanup.md, "Schema contract"),
-- the indexes its rules use (empty tables: no CONCURRENTLY needed), and the session_cleanup role's grants
-- (CL-SES-1). The db-bootstrap grants SELECT and DELETE too, but it runs before the first migration, when
-- these tables do not exist yet. The app role gets its DML through the migrator's default privileges.
CREATE TABLE sessions (
  id            text PRIMARY KEY,
  session_token text NOT NULL UNIQUE,
  user_id       text NOT NULL,
  expires       timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
CREATE INDEX sessions_expires_idx ON sessions (expires);
CREATE INDEX sessions_user_id_created_at_idx ON sessions (user_id, created_at DESC);
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

CREATE TABLE verification_tokens (
  identifier text NOT NULL,
  token      text NOT NULL UNIQUE,
  expires    timestamptz NOT NULL,
  PRIMARY KEY (identifier, token)
);
CREATE INDEX verification_tokens_expires_idx ON verification_tokens (expires);

CREATE TABLE audit_logs (
  id         bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  user_id    text,
  action     text NOT NULL,
  detail     jsonb
);
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at);

GRANT SELECT, DELETE ON sessions, verification_tokens, audit_logs TO :"session_cleanup_role";
-- The cleanup picks its batches with SELECT ... FOR UPDATE SKIP LOCKED, which PostgreSQL allows only with
-- UPDATE on at least one column. One column each, chosen to add nothing to what SELECT and DELETE allow.
GRANT UPDATE (created_at) ON sessions, audit_logs TO :"session_cleanup_role";
GRANT UPDATE (expires) ON verification_tokens TO :"session_cleanup_role";
