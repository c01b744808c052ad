-- A report may revise an earlier report of its own source (its client id).
ALTER TABLE reports ADD COLUMN revises TEXT NOT NULL DEFAULT '';
