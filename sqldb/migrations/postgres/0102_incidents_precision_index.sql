-- The incident a report joins is looked up per time precision, each with its
-- own time window (a report can match an incident known to the day a day
-- away, one known to the minute only hours away): with the precision ahead
-- of the end in the index, each window is a short range.
DROP INDEX incidents_type_end_place;
CREATE INDEX incidents_type_precision_end ON incidents (type, time_precision, end_t, start, lat, lon);
