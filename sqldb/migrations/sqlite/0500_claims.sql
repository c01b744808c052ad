-- The review queue of the news extractor (package extract): each claim an
-- article gave, with its evidence sentence, waiting for an analyst. key is
-- the article's content hash + kind + span + what the claim is about, so
-- extracting the same article again adds nothing. A decision is final.
CREATE TABLE claims (
	id           INTEGER PRIMARY KEY,
	key          TEXT NOT NULL UNIQUE,
	kind         TEXT NOT NULL CHECK (kind IN ('position', 'incident', 'talks')),
	summary      TEXT NOT NULL DEFAULT '',
	source       TEXT NOT NULL REFERENCES sources (id),
	article_hash TEXT NOT NULL,
	published    TEXT NOT NULL,
	span_start   INTEGER NOT NULL,
	span_end     INTEGER NOT NULL,
	evidence     TEXT NOT NULL,
	confidence   REAL NOT NULL DEFAULT 0,
	data         TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
	reason       TEXT NOT NULL DEFAULT '',
	result       TEXT NOT NULL DEFAULT '',
	decided_by   TEXT NOT NULL DEFAULT '',
	decided_at   TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);
CREATE INDEX claims_status ON claims (status, id);
CREATE INDEX claims_article ON claims (article_hash);
