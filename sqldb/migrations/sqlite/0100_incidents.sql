-- Incidents and compliance: reports, the incidents they cluster into, the
-- decisions on incidents and the verdicts against the provisions in force.
-- Times are TEXT in the fixed-width form 2006-01-02T15:04:05.000000Z, so that
-- they sort and compare as strings.

-- rules_version counts changes to what verdicts depend on (provisions, zones,
-- line versions); incidents judged with an older version are judged again.
CREATE TABLE rules_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO rules_version (id, version) VALUES (1, 1);

CREATE TABLE incidents (
	id             INTEGER PRIMARY KEY,
	start          TEXT NOT NULL,
	end_t          TEXT NOT NULL,
	time_precision TEXT NOT NULL,
	lat            REAL NOT NULL,
	lon            REAL NOT NULL,
	precision      INTEGER NOT NULL,
	place          TEXT NOT NULL DEFAULT '',
	type           TEXT NOT NULL,
	mode           TEXT NOT NULL DEFAULT '',
	target         TEXT NOT NULL DEFAULT '',
	weapons        TEXT NOT NULL DEFAULT '[]',
	perpetrator    TEXT NOT NULL DEFAULT '',
	killed         TEXT NOT NULL DEFAULT '{}',
	injured        TEXT NOT NULL DEFAULT '{}',
	sources        INTEGER NOT NULL,
	grade          TEXT NOT NULL CHECK (grade IN ('alleged', 'corroborated', 'verified', 'disputed')),
	source_grade   TEXT NOT NULL,
	judged_version INTEGER NOT NULL DEFAULT 0,
	updated        TEXT NOT NULL
);
CREATE INDEX incidents_type_start ON incidents (type, start);
CREATE INDEX incidents_start ON incidents (start);

-- Reports are never updated except to move them to another incident. The
-- source's identity is not here: it lives in report_identities.
CREATE TABLE reports (
	id                 INTEGER PRIMARY KEY,
	client_id          TEXT NOT NULL UNIQUE,
	content_hash       TEXT NOT NULL,
	incident           INTEGER NOT NULL REFERENCES incidents (id),
	observed_at        TEXT NOT NULL,
	observed_until     TEXT NOT NULL DEFAULT '',
	time_precision     TEXT NOT NULL,
	lat                REAL NOT NULL,
	lon                REAL NOT NULL,
	precision          INTEGER NOT NULL,
	place              TEXT NOT NULL DEFAULT '',
	type               TEXT NOT NULL,
	mode               TEXT NOT NULL DEFAULT '',
	weapons            TEXT NOT NULL DEFAULT '[]',
	target             TEXT NOT NULL DEFAULT '',
	killed             TEXT NOT NULL DEFAULT '{}',
	injured            TEXT NOT NULL DEFAULT '{}',
	perpetrator        TEXT NOT NULL DEFAULT '',
	source_kind        TEXT NOT NULL,
	source_reliability TEXT NOT NULL DEFAULT '',
	source_name        TEXT NOT NULL DEFAULT '',
	source_party       TEXT NOT NULL DEFAULT '',
	source_key         TEXT NOT NULL, -- a hash of the source's key (which may hold its identity)
	description        TEXT NOT NULL DEFAULT '',
	attachments        TEXT NOT NULL DEFAULT '[]',
	provisions         TEXT NOT NULL DEFAULT '[]',
	zone               TEXT NOT NULL DEFAULT '',
	received_at        TEXT NOT NULL
);
CREATE INDEX reports_incident ON reports (incident);

-- Source identities, apart from the reports: only the mission's analysts read them.
CREATE TABLE report_identities (
	report   INTEGER PRIMARY KEY REFERENCES reports (id),
	identity TEXT NOT NULL
);

CREATE TABLE decisions (
	id       INTEGER PRIMARY KEY,
	incident INTEGER NOT NULL REFERENCES incidents (id),
	kind     TEXT NOT NULL CHECK (kind IN ('verify', 'unverify', 'dispute', 'uphold', 'overturn')),
	by_actor TEXT NOT NULL,
	at       TEXT NOT NULL,
	reason   TEXT NOT NULL,
	party    TEXT NOT NULL DEFAULT '',
	deadline TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decisions_incident ON decisions (incident, id);

CREATE TABLE verdicts (
	incident    INTEGER NOT NULL REFERENCES incidents (id),
	provision   TEXT NOT NULL REFERENCES provisions (id),
	issue       TEXT NOT NULL,
	verdict     TEXT NOT NULL CHECK (verdict IN ('violation', 'not-covered', 'needs-review')),
	explanation TEXT NOT NULL,
	PRIMARY KEY (incident, provision)
);
CREATE INDEX verdicts_provision ON verdicts (provision, verdict);
