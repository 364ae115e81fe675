-- Issue 11, accounts: phone ownership by one-time code, and sign-in limits that hold
-- under concurrency. Portable SQL (SQLite and PostgreSQL); times are Unix ms (UTC).

-- When the account's phone was last proven by a code. NULL for every account created
-- before this change: such an account verifies its phone at its next sign-in and has no
-- session until then (so it sees nothing, in particular no dossier linked by phone):
-- their open sessions stop working at once.
ALTER TABLE citizens ADD COLUMN phone_verified_at_ms BIGINT;

-- One-time codes sent by SMS. Only a salted SHA-256 of the code is stored. `purpose`
-- says what a correct code completes: a registration (its validated form, with the
-- password already hashed, waits in `payload` until then), the verification of an
-- existing account's phone, or a password reset. A row whose `citizen_id` is NULL and
-- purpose is not 'register' is a decoy (the phone has no account): no code was sent and
-- none matches, so the answer never tells whether a number is registered.
CREATE TABLE phone_codes (
    id             TEXT   NOT NULL,
    phone          TEXT   NOT NULL,
    purpose        TEXT   NOT NULL,
    citizen_id     TEXT,
    code_salt      TEXT   NOT NULL,
    code_hash      TEXT   NOT NULL,
    payload        TEXT,
    attempts       BIGINT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    expires_at_ms  BIGINT NOT NULL,
    used_at_ms     BIGINT,
    CONSTRAINT phone_codes_pkey PRIMARY KEY (id),
    CONSTRAINT phone_codes_purpose_check CHECK (purpose IN ('register', 'verify', 'reset'))
);
CREATE INDEX phone_codes_expiry_idx ON phone_codes (expires_at_ms);

-- A row per rate-limit bucket, locked (upserted) before the bucket's events are counted,
-- so that concurrent attempts on one bucket are counted one after the other: the count
-- and the record of an attempt are one step, taken before the password is checked.
CREATE TABLE rate_limit_locks (
    bucket   TEXT   NOT NULL,
    touched  BIGINT NOT NULL,
    CONSTRAINT rate_limit_locks_pkey PRIMARY KEY (bucket)
);

-- Each event gets an id so that one event (a sign-in that turned out right) can be
-- taken back without touching the others of the same millisecond.
ALTER TABLE rate_limit_events ADD COLUMN id TEXT;
