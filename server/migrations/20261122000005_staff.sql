-- Staff (issue 5): accounts with one role in one unit, their sessions, the append-only
-- audit log, the processing state of each dossier, the hand-over trail (form 06), and
-- deadline warnings. Portable SQL (SQLite and PostgreSQL); times are Unix ms (UTC).

-- A staff account belongs to exactly one unit and has one role (motcua_core::workflow::StaffRole).
CREATE TABLE staff (
    id             TEXT   NOT NULL,
    username       TEXT   NOT NULL,
    password_hash  TEXT   NOT NULL,
    full_name      TEXT   NOT NULL,
    unit_code      TEXT   NOT NULL,
    role           TEXT   NOT NULL,
    email          TEXT,
    active         BIGINT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    CONSTRAINT staff_pkey PRIMARY KEY (id),
    CONSTRAINT staff_username_key UNIQUE (username),
    CONSTRAINT staff_unit_fkey FOREIGN KEY (unit_code) REFERENCES agencies (code),
    CONSTRAINT staff_role_check CHECK (role IN ('one_stop_officer', 'specialist',
        'head_of_division', 'head_of_agency', 'agency_admin', 'system_admin'))
);
CREATE INDEX staff_unit_idx ON staff (unit_code, role);

-- Staff sessions: as citizens' (SHA-256 of the cookie's token), in their own table so
-- that a citizen's cookie can never open the staff area.
CREATE TABLE staff_sessions (
    token_hash     TEXT   NOT NULL,
    staff_id       TEXT   NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    expires_at_ms  BIGINT NOT NULL,
    CONSTRAINT staff_sessions_pkey PRIMARY KEY (token_hash),
    CONSTRAINT staff_sessions_staff_fkey FOREIGN KEY (staff_id) REFERENCES staff (id)
);

-- Every action of a person (who, what, when, before/after). The application only ever
-- inserts here; `seq` is unique so that two writers cannot interleave silently.
CREATE TABLE audit_log (
    id            TEXT   NOT NULL,
    at_ms         BIGINT NOT NULL,
    actor_id      TEXT   NOT NULL,
    actor_name    TEXT   NOT NULL,
    actor_role    TEXT   NOT NULL,
    actor_unit    TEXT,
    action        TEXT   NOT NULL,
    subject_kind  TEXT   NOT NULL,
    subject_id    TEXT   NOT NULL,
    before_state  TEXT,
    after_state   TEXT,
    detail        TEXT   NOT NULL,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_kind, subject_id, at_ms);

-- Processing state of a dossier (motcua_core::workflow::State plus who holds it).
-- `clock` is the serialized motcua_core::deadline::DossierClock (start, due, pauses,
-- supplements, extension); `due_at_ms` mirrors its due instant for queries.
ALTER TABLE dossiers ADD COLUMN processing_unit TEXT;
ALTER TABLE dossiers ADD COLUMN step BIGINT;
ALTER TABLE dossiers ADD COLUMN coordinating_unit TEXT;
ALTER TABLE dossiers ADD COLUMN assignee_id TEXT;
ALTER TABLE dossiers ADD COLUMN supplements BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN apology BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN flagged BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN clock TEXT;
ALTER TABLE dossiers ADD COLUMN step_due_at_ms BIGINT;
ALTER TABLE dossiers ADD COLUMN decided_at_ms BIGINT;
ALTER TABLE dossiers ADD COLUMN returned_at_ms BIGINT;
ALTER TABLE dossiers ADD COLUMN return_method TEXT;
ALTER TABLE dossiers ADD COLUMN timeliness TEXT;
CREATE INDEX dossiers_processing_idx ON dossiers (processing_unit, status);
CREATE INDEX dossiers_assignee_idx ON dossiers (assignee_id, status);

-- The hand-over trail (form 06): each row is one hand-over at `at_ms` from a person of
-- one unit to a unit (and a person, when named) that must finish its step by
-- `due_at_ms`. A step's result (early / on time / late) is the next row's time
-- against this row's due time.
CREATE TABLE dossier_handovers (
    dossier_id    TEXT   NOT NULL,
    seq           BIGINT NOT NULL,
    at_ms         BIGINT NOT NULL,
    action        TEXT   NOT NULL,
    step_name     TEXT   NOT NULL,
    from_unit     TEXT,
    from_name     TEXT   NOT NULL,
    to_unit       TEXT   NOT NULL,
    to_name       TEXT,
    to_staff      TEXT,
    due_at_ms     BIGINT,
    note          TEXT   NOT NULL,
    CONSTRAINT dossier_handovers_pkey PRIMARY KEY (dossier_id, seq),
    CONSTRAINT dossier_handovers_dossier_fkey FOREIGN KEY (dossier_id) REFERENCES dossiers (id)
);

-- In-app notices for staff (deadline warnings, assignments).
CREATE TABLE staff_notices (
    id           TEXT   NOT NULL,
    staff_id     TEXT   NOT NULL,
    dossier_id   TEXT,
    at_ms        BIGINT NOT NULL,
    text         TEXT   NOT NULL,
    read_at_ms   BIGINT,
    CONSTRAINT staff_notices_pkey PRIMARY KEY (id),
    CONSTRAINT staff_notices_staff_fkey FOREIGN KEY (staff_id) REFERENCES staff (id)
);
CREATE INDEX staff_notices_staff_idx ON staff_notices (staff_id, at_ms);

-- One warning per dossier, due instant and threshold (due − 2 and due − 1 working
-- days): the job runs on every instance and the key makes it say each thing once.
CREATE TABLE deadline_warnings (
    dossier_id  TEXT   NOT NULL,
    due_at_ms   BIGINT NOT NULL,
    days_left   BIGINT NOT NULL,
    sent_at_ms  BIGINT NOT NULL,
    CONSTRAINT deadline_warnings_pkey PRIMARY KEY (dossier_id, due_at_ms, days_left)
);

-- Register numbers of slips (…/PBS, …/PTC, …/PXL, …/PKS) per unit per year reuse
-- daily_counters with the year as the "day".
