-- Every write through the HTTP API (POST, PUT, DELETE, PATCH), answered or refused: who, what, when.
-- Never a body: no password, token or other secret is kept here. Rows are only added, never changed.
CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    ts             timestamptz NOT NULL,
    username       text,
    role           text,
    method         text NOT NULL,
    path           text NOT NULL,
    target         jsonb NOT NULL DEFAULT '{}',
    status         integer NOT NULL,
    remote_address text
);
CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE INDEX audit_log_user_ts ON audit_log (username, ts);
