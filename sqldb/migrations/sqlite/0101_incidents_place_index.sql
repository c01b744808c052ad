-- Finding the incident a report joins scans incidents of its type by end
-- (reports mostly arrive after what they report, so few incidents end later)
-- and filters by start and place: with them in the index, rows outside the window and box
-- are skipped without reading them.
DROP INDEX incidents_type_start;
CREATE INDEX incidents_type_end_place ON incidents (type, end_t, start, lat, lon);
