-- Published daily reports (package api): the public edition exactly as
-- published, each a leaf of the transparency log in the same transaction.
CREATE TABLE publications (
	id           INTEGER PRIMARY KEY,
	date         TEXT    NOT NULL, -- the day reported on
	body         BLOB    NOT NULL, -- the public edition's JSON, byte for byte
	published_at TEXT    NOT NULL,
	published_by TEXT    NOT NULL
);
CREATE INDEX publications_date ON publications (date);
