-- A decision's public reason: what liaisons and the public read of why the
-- mission verified, unverified, upheld or overturned an incident. The reason
-- itself is the mission's own (it may name a team, its post or a source) and
-- is shown to its staff only; decisions recorded before this column existed
-- show no reason publicly.
ALTER TABLE decisions ADD COLUMN public_reason TEXT NOT NULL DEFAULT '';
