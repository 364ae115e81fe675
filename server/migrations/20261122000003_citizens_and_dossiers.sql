-- Citizen accounts, sessions, online dossiers with their documents, and the
-- notification outbox. Portable SQL (SQLite and PostgreSQL); ids are random text made
-- by the server; times are Unix ms (UTC).

-- A citizen account: phone number + argon2id password hash; profile data pre-fills forms.
CREATE TABLE citizens (
    id             TEXT   NOT NULL,
    phone          TEXT   NOT NULL,
    password_hash  TEXT   NOT NULL,
    full_name      TEXT   NOT NULL,
    personal_id    TEXT,
    date_of_birth  TEXT,
    address        TEXT   NOT NULL,
    email          TEXT,
    created_at_ms  BIGINT NOT NULL,
    CONSTRAINT citizens_pkey PRIMARY KEY (id),
    CONSTRAINT citizens_phone_key UNIQUE (phone)
);

-- Sessions live in the database so that any instance can serve any request. Only a
-- SHA-256 of the cookie's token is stored: a leaked table does not give sessions away.
CREATE TABLE sessions (
    token_hash     TEXT   NOT NULL,
    citizen_id     TEXT   NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    expires_at_ms  BIGINT NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (token_hash),
    CONSTRAINT sessions_citizen_fkey FOREIGN KEY (citizen_id) REFERENCES citizens (id)
);
CREATE INDEX sessions_citizen_idx ON sessions (citizen_id);

-- Attempts counted per key (a phone number, a client address, a dossier code) in the
-- database, so that limits hold across instances.
CREATE TABLE rate_limit_events (
    bucket     TEXT   NOT NULL,
    at_ms      BIGINT NOT NULL
);
CREATE INDEX rate_limit_events_bucket_idx ON rate_limit_events (bucket, at_ms);

-- Files received but not yet part of a dossier. The bytes are stored by content hash
-- under the data directory; a staged upload older than a day is deleted by the cleanup
-- job, and a file no row points to is removed with it (no orphan files).
CREATE TABLE staged_uploads (
    token          TEXT   NOT NULL,
    sha256         TEXT   NOT NULL,
    size_bytes     BIGINT NOT NULL,
    format         TEXT   NOT NULL,
    file_name      TEXT   NOT NULL,
    citizen_id     TEXT,
    created_at_ms  BIGINT NOT NULL,
    CONSTRAINT staged_uploads_pkey PRIMARY KEY (token),
    CONSTRAINT staged_uploads_format_check CHECK (format IN ('pdf', 'jpeg', 'png'))
);

-- A dossier (hồ sơ). Online submissions start at status 1 with a submission number; the
-- code {agency}-{YYMMDD}-{NNNN} and the appointment are given at reception (status 2).
-- `idempotency_key` makes a retried or double-tapped submit create one dossier.
CREATE TABLE dossiers (
    id                 TEXT   NOT NULL,
    submission_no      TEXT   NOT NULL,
    code               TEXT,
    idempotency_key    TEXT   NOT NULL,
    procedure_slug     TEXT   NOT NULL,
    procedure_version  BIGINT NOT NULL,
    receiving_unit     TEXT   NOT NULL,
    channel            TEXT   NOT NULL,
    status             BIGINT NOT NULL,
    citizen_id         TEXT,
    applicant_name     TEXT   NOT NULL,
    applicant_phone    TEXT   NOT NULL,
    -- The whole application as submitted (applicant, authorised person, field values,
    -- delivery), as JSON validated by motcua-core.
    application        TEXT   NOT NULL,
    calendar_version   TEXT   NOT NULL,
    submitted_at_ms    BIGINT NOT NULL,
    received_at_ms     BIGINT,
    due_at_ms          BIGINT,
    row_version        BIGINT NOT NULL,
    CONSTRAINT dossiers_pkey PRIMARY KEY (id),
    CONSTRAINT dossiers_submission_no_key UNIQUE (submission_no),
    CONSTRAINT dossiers_code_key UNIQUE (code),
    CONSTRAINT dossiers_idempotency_key UNIQUE (idempotency_key),
    CONSTRAINT dossiers_version_fkey FOREIGN KEY (procedure_slug, procedure_version)
        REFERENCES procedure_versions (procedure_slug, version),
    CONSTRAINT dossiers_unit_fkey FOREIGN KEY (receiving_unit) REFERENCES agencies (code),
    CONSTRAINT dossiers_citizen_fkey FOREIGN KEY (citizen_id) REFERENCES citizens (id),
    CONSTRAINT dossiers_channel_check CHECK (channel IN ('in_person', 'online', 'post')),
    CONSTRAINT dossiers_status_check CHECK (status BETWEEN 1 AND 10)
);
CREATE INDEX dossiers_citizen_idx ON dossiers (citizen_id, submitted_at_ms);
CREATE INDEX dossiers_status_idx ON dossiers (receiving_unit, status);

-- Daily counters: per agency per reception day for dossier codes, per day for
-- submission numbers (key 'submission').
CREATE TABLE daily_counters (
    counter_key TEXT   NOT NULL,
    day         TEXT   NOT NULL,
    value       BIGINT NOT NULL,
    CONSTRAINT daily_counters_pkey PRIMARY KEY (counter_key, day)
);

-- The files of a dossier, per document slot, in the order the citizen attached them.
CREATE TABLE dossier_files (
    dossier_id   TEXT   NOT NULL,
    slot         TEXT   NOT NULL,
    position     BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    size_bytes   BIGINT NOT NULL,
    format       TEXT   NOT NULL,
    file_name    TEXT   NOT NULL,
    round        BIGINT NOT NULL,
    CONSTRAINT dossier_files_pkey PRIMARY KEY (dossier_id, slot, position),
    CONSTRAINT dossier_files_dossier_fkey FOREIGN KEY (dossier_id) REFERENCES dossiers (id),
    CONSTRAINT dossier_files_format_check CHECK (format IN ('pdf', 'jpeg', 'png'))
);
CREATE INDEX dossier_files_sha256_idx ON dossier_files (sha256);

-- The dossier's history: every status change and request, with its time.
CREATE TABLE dossier_events (
    dossier_id  TEXT   NOT NULL,
    seq         BIGINT NOT NULL,
    at_ms       BIGINT NOT NULL,
    kind        TEXT   NOT NULL,
    status      BIGINT NOT NULL,
    actor       TEXT   NOT NULL,
    -- JSON: items of a supplement request, new date of an apology, comments.
    detail      TEXT   NOT NULL,
    CONSTRAINT dossier_events_pkey PRIMARY KEY (dossier_id, seq),
    CONSTRAINT dossier_events_dossier_fkey FOREIGN KEY (dossier_id) REFERENCES dossiers (id)
);

-- Notifications are written in the same transaction as the change they announce and
-- sent by a background worker with retries: a mail server that is down delays a
-- message, never loses it and never fails the citizen's request.
CREATE TABLE outbox (
    id               TEXT   NOT NULL,
    channel          TEXT   NOT NULL,
    recipient        TEXT   NOT NULL,
    subject          TEXT   NOT NULL,
    body             TEXT   NOT NULL,
    dossier_id       TEXT,
    created_at_ms    BIGINT NOT NULL,
    attempts         BIGINT NOT NULL,
    next_attempt_ms  BIGINT NOT NULL,
    sent_at_ms       BIGINT,
    last_error       TEXT,
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_channel_check CHECK (channel IN ('email', 'sms'))
);
CREATE INDEX outbox_pending_idx ON outbox (sent_at_ms, next_attempt_ms);
