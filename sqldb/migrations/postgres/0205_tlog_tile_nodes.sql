-- The transparency log keeps only the nodes of its hash tiles above level 0
-- (levels 8, 16, 24...): a leaf hash is the hash of its entry in tlog_leaves,
-- and every other node is folded from the tile-level nodes or the entries
-- below it (package tlog, readNodes). Drop the rows earlier versions wrote
-- for the other levels.
DELETE FROM tlog_nodes WHERE level = 0 OR level % 8 <> 0;
