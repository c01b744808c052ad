-- A bulk import logs its reports, then its incidents' verdicts, as runs of
-- leaves whose refs are consecutive ids. Such a run (package tlog,
-- AppendEach) is one row here instead of an entry per leaf in the
-- (kind, ref) index: leaf first_idx + k logs the record (kind, first_ref + k),
-- for k < n. A run holds at most 4096 leaves, so the run of a ref is among
-- the rows with first_ref in (ref - 4096, ref]. The leaves of a run keep
-- their kind and ref and are marked ranged; the index covers the others.
-- Log.Prove takes the last leaf of a record from both and checks its row.
CREATE TABLE tlog_ranges (
	kind      TEXT    NOT NULL,
	first_ref INTEGER NOT NULL,
	first_idx INTEGER NOT NULL,
	n         INTEGER NOT NULL CHECK (n BETWEEN 1 AND 4096),
	PRIMARY KEY (kind, first_ref, first_idx)
) WITHOUT ROWID;
ALTER TABLE tlog_leaves ADD COLUMN ranged INTEGER; -- 1 for a leaf of a tlog_ranges run, else NULL
DROP INDEX tlog_leaves_ref;
CREATE INDEX tlog_leaves_ref ON tlog_leaves (kind, ref) WHERE ranged IS NULL;
