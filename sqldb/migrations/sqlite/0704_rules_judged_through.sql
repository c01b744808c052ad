-- judged_through is a rules version that every incident's verdicts are at
-- least as new as: when it has caught up with version, no incident is stale
-- and the store need not count them (the compliance view and the daily
-- report ask on every request). Every transaction that writes an incident's
-- judged_version lowers it to that version if it was above (sqldb's
-- noteJudged); the re-judger raises it to version once a pass has left no
-- stale incident, in a transaction that checks so (markJudged). 0: not
-- known yet, so the first check counts.
ALTER TABLE rules_version ADD COLUMN judged_through INTEGER NOT NULL DEFAULT 0;
