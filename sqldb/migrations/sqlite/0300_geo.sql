-- The ground (package geo): versions of the occupied area by date, and the
-- protected sites registry. Zones live in the zones table (0001).
CREATE TABLE line_versions (
	date        TEXT PRIMARY KEY,            -- YYYY-MM-DD
	area_km2    REAL NOT NULL,
	source      TEXT NOT NULL DEFAULT '',
	approximate INTEGER NOT NULL DEFAULT 0,  -- 1: not an authoritative line
	imported_at TEXT NOT NULL,
	geometry    TEXT NOT NULL                -- GeoJSON MultiPolygon
);

CREATE TABLE sites (
	id        TEXT PRIMARY KEY,
	name      TEXT NOT NULL DEFAULT '',
	class     TEXT NOT NULL,
	lon       REAL NOT NULL,
	lat       REAL NOT NULL,
	radius_km REAL NOT NULL CHECK (radius_km > 0),
	source    TEXT NOT NULL DEFAULT ''
);
