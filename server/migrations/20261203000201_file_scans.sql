-- Malware scanning (issue 11): what is known about each stored content, by its SHA-256
-- (files are stored by content hash, so one verdict covers every upload of the same
-- bytes). 'clean': the scanner found nothing; 'pending': kept while the scanner was
-- unavailable, opened by nobody until a rescan finds it clean; 'infected': found by a
-- rescan, never served; 'unscanned': stored while scanning was off (or before it existed).
CREATE TABLE file_scans (
    sha256         TEXT   NOT NULL,
    status         TEXT   NOT NULL,
    -- The signature the scanner named, for an infected file.
    signature      TEXT,
    -- Rescans tried while the scanner was unavailable.
    attempts       BIGINT NOT NULL,
    checked_at_ms  BIGINT NOT NULL,
    CONSTRAINT file_scans_pkey PRIMARY KEY (sha256),
    CONSTRAINT file_scans_status_check
        CHECK (status IN ('clean', 'pending', 'infected', 'unscanned'))
);
CREATE INDEX file_scans_status_idx ON file_scans (status, checked_at_ms);

-- Files stored before this migration were never scanned.
INSERT INTO file_scans (sha256, status, signature, attempts, checked_at_ms)
SELECT s.sha256, 'unscanned', CAST(NULL AS TEXT), 0, 0
FROM (SELECT sha256 FROM dossier_files UNION SELECT sha256 FROM staged_uploads) s;
