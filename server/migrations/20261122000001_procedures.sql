-- The published procedure catalogue (SPEC §2). Portable SQL: runs on SQLite and PostgreSQL.
-- Integers are BIGINT (the sqlx Any driver decodes them as i64 on both), flags are 0/1,
-- lists are JSON text, times are Unix milliseconds (UTC).
CREATE TABLE procedures (
    slug             TEXT   NOT NULL,
    code             TEXT,
    name             TEXT   NOT NULL,
    name_folded      TEXT   NOT NULL,
    field            TEXT   NOT NULL,
    level            TEXT   NOT NULL,
    agency           TEXT   NOT NULL,
    time_limit_unit  TEXT   NOT NULL,
    time_limit_n     BIGINT NOT NULL,
    cutoff_15h       BIGINT NOT NULL,
    online_level     TEXT   NOT NULL,
    fee              TEXT   NOT NULL,
    result           TEXT   NOT NULL,
    legal_basis      TEXT   NOT NULL,
    documents        TEXT   NOT NULL,
    updated_at_ms    BIGINT NOT NULL,
    CONSTRAINT procedures_pkey PRIMARY KEY (slug),
    CONSTRAINT procedures_level_check CHECK (level IN ('province', 'commune')),
    CONSTRAINT procedures_online_level_check CHECK (online_level IN ('toan_trinh', 'mot_phan', 'none')),
    CONSTRAINT procedures_time_limit_unit_check
        CHECK (time_limit_unit IN ('working_days', 'working_hours', 'same_day', 'calendar_days', 'none')),
    CONSTRAINT procedures_cutoff_15h_check CHECK (cutoff_15h IN (0, 1))
);

CREATE INDEX procedures_name_folded_idx ON procedures (name_folded);
