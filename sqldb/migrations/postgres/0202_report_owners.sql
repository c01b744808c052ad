-- PostgreSQL twin of migrations/sqlite/0202_report_owners.sql (same tables: identity ids,
-- BIGINT for INTEGER, DOUBLE PRECISION for REAL, BYTEA for BLOB).
-- Who submitted each report (package api): a monitor may fetch the
-- transparency-log proof of their own reports. Kept apart from the report.
CREATE TABLE report_owners (
	report BIGINT NOT NULL REFERENCES reports (id),
	owner  TEXT    NOT NULL,
	PRIMARY KEY (report, owner)
);
