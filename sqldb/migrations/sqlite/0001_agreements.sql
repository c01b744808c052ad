-- The agreement as data: parties, sources, zones, agreements, provisions and
-- their status history, positions with evidence, talks.
CREATE TABLE parties (
	code    TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	kind    TEXT NOT NULL CHECK (kind IN ('state', 'bloc', 'organisation')),
	members TEXT NOT NULL DEFAULT '[]' -- JSON array of member codes
);

CREATE TABLE sources (
	id           TEXT PRIMARY KEY,
	title        TEXT NOT NULL,
	outlet       TEXT NOT NULL,
	url          TEXT NOT NULL DEFAULT '',
	file         TEXT NOT NULL DEFAULT '',
	published    TEXT NOT NULL,
	content_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE zones (
	id       TEXT PRIMARY KEY,
	name     TEXT NOT NULL,
	kind     TEXT NOT NULL,
	builtin  TEXT NOT NULL DEFAULT '',
	geometry TEXT NOT NULL DEFAULT '' -- GeoJSON geometry
);

CREATE TABLE agreements (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	summary     TEXT NOT NULL DEFAULT '',
	proposed    TEXT NOT NULL,
	proposed_by TEXT NOT NULL DEFAULT '[]',
	texts       TEXT NOT NULL DEFAULT '[]',
	sources     TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE provisions (
	id          TEXT PRIMARY KEY,
	agreement   TEXT NOT NULL REFERENCES agreements (id),
	ord         INTEGER NOT NULL,
	issue       TEXT NOT NULL,
	title       TEXT NOT NULL,
	text        TEXT NOT NULL DEFAULT '',
	parties     TEXT NOT NULL DEFAULT '[]',
	window_from TEXT NOT NULL DEFAULT '',
	window_to   TEXT NOT NULL DEFAULT '',
	scope       TEXT NOT NULL DEFAULT '[]',
	protects    TEXT NOT NULL DEFAULT '[]',
	texts       TEXT NOT NULL DEFAULT '[]',
	conditions  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX provisions_agreement ON provisions (agreement, ord);

-- A provision's lifecycle, append-only: the last row is the current status.
CREATE TABLE provision_status (
	provision   TEXT NOT NULL REFERENCES provisions (id),
	seq         INTEGER NOT NULL,
	status      TEXT NOT NULL,
	date        TEXT NOT NULL,
	source      TEXT REFERENCES sources (id),
	note        TEXT NOT NULL DEFAULT '',
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (provision, seq)
);

-- Positions are never updated or deleted: a change of stance is a new row.
-- key is a hash of the position's content, so loading the same file twice adds nothing.
CREATE TABLE positions (
	id          INTEGER PRIMARY KEY,
	key         TEXT NOT NULL UNIQUE,
	party       TEXT NOT NULL REFERENCES parties (code),
	provision   TEXT NOT NULL REFERENCES provisions (id),
	stance      TEXT NOT NULL CHECK (stance IN ('support', 'oppose', 'conditional')),
	condition   TEXT NOT NULL DEFAULT '',
	as_of       TEXT NOT NULL,
	attribution TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	recorded_at TEXT NOT NULL
);
CREATE INDEX positions_party ON positions (party, provision, as_of);
CREATE INDEX positions_provision ON positions (provision, as_of);

CREATE TABLE evidence (
	position    INTEGER NOT NULL REFERENCES positions (id),
	seq         INTEGER NOT NULL,
	source      TEXT NOT NULL REFERENCES sources (id),
	quote       TEXT NOT NULL,
	attribution TEXT NOT NULL,
	speaker     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (position, seq)
);
CREATE INDEX evidence_source ON evidence (source);

CREATE TABLE talks (
	id           TEXT PRIMARY KEY,
	title        TEXT NOT NULL DEFAULT '',
	place        TEXT NOT NULL,
	start        TEXT NOT NULL,
	end_date     TEXT NOT NULL,
	planned      INTEGER NOT NULL DEFAULT 0,
	participants TEXT NOT NULL DEFAULT '[]',
	evidence     TEXT NOT NULL DEFAULT '[]'
);

-- Scenario files loaded, for the record.
CREATE TABLE scenario_loads (
	id        INTEGER PRIMARY KEY,
	name      TEXT NOT NULL,
	loaded_at TEXT NOT NULL
);
