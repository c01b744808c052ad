-- Clustering looks for incidents of a type within a latitude band, a
-- longitude band and a time window; under load the (type, start) index alone
-- scans every older incident. With (type, lat, ...) the planner scans only
-- the latitude band, checking longitude and time in the index before reading
-- a row.
CREATE INDEX incidents_type_lat ON incidents (type, lat, lon, start, end_t);
