-- Users, sessions, API tokens and the audit log (package auth).
-- Secrets are stored only as hashes: argon2id for passwords, SHA-256 for
-- session ids and API tokens (random 256-bit values).
CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL UNIQUE,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'monitor', 'analyst', 'liaison')),
	party         TEXT    REFERENCES parties (code),
	password_hash TEXT    NOT NULL DEFAULT '', -- PHC string; '' = no password login
	created_at    TEXT    NOT NULL,
	CHECK ((role = 'liaison') = (party IS NOT NULL))
);

CREATE TABLE sessions (
	id_hash      BLOB    PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at   TEXT    NOT NULL,
	last_seen_at TEXT    NOT NULL,
	expires_at   TEXT    NOT NULL -- absolute expiry
);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	hash       BLOB    NOT NULL UNIQUE,
	label      TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL,
	revoked_at TEXT
);

-- Every write and every denial. Never holds a source's identity, a
-- password or a token.
CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	at      TEXT    NOT NULL,
	actor   TEXT    NOT NULL, -- user name, or 'public'
	role    TEXT    NOT NULL,
	action  TEXT    NOT NULL, -- the route pattern, or a named action (login, reveal-source...)
	target  TEXT    NOT NULL DEFAULT '', -- request path or record reference
	outcome TEXT    NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
	status  INTEGER NOT NULL DEFAULT 0,
	remote  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
