-- The incident a report joins is looked up per time precision and per
-- half-degree band of latitude (floor(lat * 2), the expression the lookup
-- in sqldb/reports.go uses): with the band ahead of the end in the index, a
-- report scans the incidents of its period in the two or three bands its
-- candidate box covers, not every incident of its period.
DROP INDEX incidents_type_precision_end;
CREATE INDEX incidents_type_precision_band_end ON incidents (type, time_precision, floor(lat * 2), end_t, start, lat, lon);
