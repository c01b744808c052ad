-- The change feed: one row per committed write, in commit order (see
-- sqldb/changes.go). GET /api/events streams it.
CREATE TABLE changes (
	id   INTEGER PRIMARY KEY,
	at   TEXT NOT NULL,
	kind TEXT NOT NULL,
	ref  TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '{}'
);
