-- People who log in with a username and password (HTTP API 1.1 "Access"), and their logins.
-- Passwords are kept only as bcrypt hashes; a login's token only as its SHA-256.
CREATE TABLE app_user (
    username      text PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
    display_name  text,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'regulator', 'rater', 'device-admin', 'site')),
    regions       text[] NOT NULL DEFAULT '{}',
    sites         text[] NOT NULL DEFAULT '{}',
    created_ts    timestamptz NOT NULL DEFAULT now(),
    updated_ts    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE login_session (
    token_sha256 text PRIMARY KEY,
    username     text NOT NULL REFERENCES app_user ON DELETE CASCADE,
    created_ts   timestamptz NOT NULL,
    expires_ts   timestamptz NOT NULL
);
CREATE INDEX login_session_expires ON login_session (expires_ts);
CREATE INDEX login_session_user ON login_session (username);
