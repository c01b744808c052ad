-- Who submitted each report (package api): a monitor may fetch the
-- transparency-log proof of their own reports. Kept apart from the report.
CREATE TABLE report_owners (
	report INTEGER NOT NULL REFERENCES reports (id),
	owner  TEXT    NOT NULL,
	PRIMARY KEY (report, owner)
);
