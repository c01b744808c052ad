-- Alerts (package alert): webhooks for new violations of a provision or in
-- an area, and their deliveries (an outbox: each row is delivered with
-- retries until it succeeds or gives up, across restarts and servers).
CREATE TABLE webhooks (
	id         INTEGER PRIMARY KEY,
	url        TEXT    NOT NULL,
	secret     TEXT    NOT NULL, -- the HMAC-SHA256 key; shown once when created
	provision  TEXT    NOT NULL DEFAULT '', -- '' = any provision
	min_lon    REAL, -- the area (WGS 84 degrees); NULL = anywhere
	min_lat    REAL,
	max_lon    REAL,
	max_lat    REAL,
	label      TEXT    NOT NULL DEFAULT '',
	created_by TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL,
	active     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE webhook_deliveries (
	id            INTEGER PRIMARY KEY,
	webhook       INTEGER NOT NULL REFERENCES webhooks (id),
	incident      INTEGER NOT NULL,
	provision     TEXT    NOT NULL,
	state         TEXT    NOT NULL CHECK (state IN ('baseline', 'pending', 'delivered', 'failed')),
	payload       TEXT    NOT NULL DEFAULT '',
	attempts      INTEGER NOT NULL DEFAULT 0,
	next_at       TEXT    NOT NULL DEFAULT '',
	claimed_until TEXT    NOT NULL DEFAULT '',
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT    NOT NULL DEFAULT '',
	created_at    TEXT    NOT NULL,
	delivered_at  TEXT    NOT NULL DEFAULT '',
	UNIQUE (webhook, incident, provision)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_at);
