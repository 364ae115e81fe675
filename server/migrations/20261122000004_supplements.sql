-- Supplement requests (form 02, status 5): while the dossier waits for the citizen the
-- clock is paused (SPEC §4.6.5). `paused_at_ms` is when the request was issued and
-- `resume_status` the status the dossier goes back to when the citizen answers
-- (1 awaiting reception, 2 received, 4 processing).
ALTER TABLE dossiers ADD COLUMN paused_at_ms BIGINT;
ALTER TABLE dossiers ADD COLUMN resume_status BIGINT;
