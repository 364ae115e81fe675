-- Issue 11, "Audit that cannot be rewritten quietly" (server/src/audit/). Portable SQL;
-- the triggers that refuse UPDATE and DELETE on audit_log and audit_checkpoints differ
-- between SQLite and PostgreSQL, so they are created from Rust after the migrations
-- (audit::guard::install, idempotent).
--
-- Each entry is chained: chain_day is its day in Asia/Ho_Chi_Minh (UTC+7), chain_seq its
-- place in that day's chain (1, 2, …), prev_hash the entry_hash of the one before (the
-- first of a day: a hash of the day), entry_hash the SHA-256 of the entry's fields and
-- prev_hash. Entries written before this migration have no chain (NULLs).
ALTER TABLE audit_log ADD COLUMN chain_day TEXT;
ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT;
CREATE UNIQUE INDEX audit_log_chain_key ON audit_log (chain_day, chain_seq);

-- The head of each day's chain: appends update this row first, which serialises them
-- (a row lock on PostgreSQL, the write lock on SQLite) so that two writers cannot fork
-- the chain. Only a cache: `motcua audit verify` never trusts it.
CREATE TABLE audit_chain_heads (
    chain_day  TEXT   NOT NULL,
    seq        BIGINT NOT NULL,
    last_hash  TEXT   NOT NULL,
    CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain_day)
);

-- Signed checkpoints: "day D's chain up to entry S ends with hash H", signed with the
-- audit key (MOTCUA_AUDIT_KEY, not in the database), each naming the previous
-- checkpoint's hash (so that a removed checkpoint shows). Numbered 1, 2, … without gaps.
CREATE TABLE audit_checkpoints (
    number        BIGINT NOT NULL,
    chain_day     TEXT   NOT NULL,
    chain_seq     BIGINT NOT NULL,
    last_hash     TEXT   NOT NULL,
    prev_hash     TEXT   NOT NULL,
    at_ms         BIGINT NOT NULL,
    key_id        TEXT   NOT NULL,
    signature     TEXT   NOT NULL,
    CONSTRAINT audit_checkpoints_pkey PRIMARY KEY (number),
    CONSTRAINT audit_checkpoints_position_key UNIQUE (chain_day, chain_seq)
);

-- How many entries were written before the chain existed (they cannot be checked): an
-- unchained entry beyond this count was inserted around the chain. Every checkpoint
-- signs this count too. One row, written here, append-only like the log.
CREATE TABLE audit_legacy (
    entries     BIGINT NOT NULL,
    last_at_ms  BIGINT NOT NULL
);
INSERT INTO audit_legacy (entries, last_at_ms) SELECT COUNT(*), COALESCE(MAX(at_ms), 0) FROM audit_log;
