-- The mission's IANA time zone: verdicts date incidents in its local days,
-- so it is part of the rules (changing it bumps the rules version).
ALTER TABLE rules_version ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Kyiv';
