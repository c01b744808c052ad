-- The most serious verdict of each incident (violation 3, needs-review 2,
-- not-covered 1, none 0), kept with the incident whenever its verdicts are
-- written, so that the dashboard's map aggregates incidents without a
-- lookup of their verdicts per incident.
ALTER TABLE incidents ADD COLUMN worst_verdict INTEGER NOT NULL DEFAULT 0;
UPDATE incidents SET worst_verdict = COALESCE((SELECT MAX(CASE v.verdict WHEN 'violation' THEN 3 WHEN 'needs-review' THEN 2 ELSE 1 END)
	FROM verdicts v WHERE v.incident = incidents.id), 0);
-- The map's viewport queries (count, grid, newest in a box) read only these
-- columns: with them in one index they never read the incidents' rows.
CREATE INDEX incidents_map ON incidents (lat, lon, start, worst_verdict);
