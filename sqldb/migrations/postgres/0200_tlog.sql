-- PostgreSQL twin of migrations/sqlite/0200_tlog.sql (same tables: identity ids,
-- BIGINT for INTEGER, DOUBLE PRECISION for REAL, BYTEA for BLOB).
-- The transparency log (package tlog): an RFC 6962 Merkle tree kept in the
-- store's own tables and written in the same transactions as the records it
-- commits to. Leaves hold salted commitments, never record text; the salts
-- live apart so that a record can be proven to its owner alone.
CREATE TABLE tlog_tree (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	size BIGINT NOT NULL,
	root BYTEA    NOT NULL
);
INSERT INTO tlog_tree (id, size, root) VALUES (1, 0, '\xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'::bytea);

CREATE TABLE tlog_leaves (
	idx       BIGINT PRIMARY KEY, -- 0-based leaf index
	kind      TEXT    NOT NULL,    -- what the record is: report, decision, verdict, publication
	ref       TEXT    NOT NULL,    -- the record's id in its own table
	entry     BYTEA    NOT NULL,    -- the leaf entry: version byte + HMAC-SHA256(salt, record)
	logged_at TEXT    NOT NULL
);
CREATE INDEX tlog_leaves_ref ON tlog_leaves (kind, ref);

CREATE TABLE tlog_salts (
	idx  BIGINT PRIMARY KEY REFERENCES tlog_leaves (idx),
	salt BYTEA NOT NULL
);

-- Every perfect subtree hash (level 0 = leaf hashes), as tiles need them.
CREATE TABLE tlog_nodes (
	level BIGINT NOT NULL,
	idx   BIGINT NOT NULL,
	hash  BYTEA    NOT NULL,
	PRIMARY KEY (level, idx)
);

CREATE TABLE tlog_checkpoints (
	size      BIGINT PRIMARY KEY,
	root      BYTEA    NOT NULL,
	note      BYTEA    NOT NULL, -- the signed note as served
	signed_at TEXT    NOT NULL
);

CREATE TABLE tlog_witnesses (
	name     TEXT PRIMARY KEY,
	vkey     TEXT NOT NULL,
	added_at TEXT NOT NULL
);

CREATE TABLE tlog_cosignatures (
	size      BIGINT NOT NULL REFERENCES tlog_checkpoints (size),
	witness   TEXT    NOT NULL REFERENCES tlog_witnesses (name),
	line      TEXT    NOT NULL, -- the note signature line, "— name base64"
	added_at  TEXT    NOT NULL,
	PRIMARY KEY (size, witness)
);
