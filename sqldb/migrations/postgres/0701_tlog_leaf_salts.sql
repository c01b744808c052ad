-- A leaf's salt moves into its row of tlog_leaves: one row written per leaf
-- instead of two (a bulk import logs ~1.4 leaves per report). The salt stays
-- private all the same: only Log.Prove reads it, for the record's owner, and
-- what is served of a leaf is its entry. It is nullable so that a record can
-- still be forgotten (its salt set to NULL) while its leaf keeps the tree.
ALTER TABLE tlog_leaves ADD COLUMN salt BYTEA;
UPDATE tlog_leaves SET salt = (SELECT s.salt FROM tlog_salts s WHERE s.idx = tlog_leaves.idx);
DROP TABLE tlog_salts;
