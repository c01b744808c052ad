-- The mediator's write path: a provision's status changed through the API
-- or CLI names who recorded it and the evidence it rests on; a witness of
-- the transparency log is bound to the party or organisation it speaks for,
-- and names the admin who registered it ('' for rows older than this).
ALTER TABLE provision_status ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE provision_status ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE tlog_witnesses ADD COLUMN party TEXT NOT NULL DEFAULT '';
ALTER TABLE tlog_witnesses ADD COLUMN added_by TEXT NOT NULL DEFAULT '';
