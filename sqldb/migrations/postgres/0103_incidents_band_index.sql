-- PostgreSQL twin of migrations/sqlite/0103_incidents_band_index.sql: the
-- incident lookup per time precision and half-degree band of latitude.
DROP INDEX incidents_type_precision_end;
CREATE INDEX incidents_type_precision_band_end ON incidents (type, time_precision, (floor(lat * 2)), end_t, start, lat, lon);
