-- Issue 11, "Signatures that mean something": the public registry of agencies' signing
-- keys, with the private keys sealed by a key-encryption key that is not in the database
-- (server/src/signing/secrets.rs, keys.rs). Portable SQL (SQLite and PostgreSQL).
--
-- key_id is the RFC 7638 JWK thumbprint of the public key. secret_sealed is
-- `v1.{kek_id}.{base64(nonce ‖ ChaCha20-Poly1305 ciphertext ‖ tag)}` with the agency code
-- and key id as associated data; kek_id names the KEK that sealed it (rotation).
-- Results signed at or after revoked_at_ms are not in force. At most one key per agency
-- is active (not revoked): the partial unique index makes racing instances agree.
CREATE TABLE agency_keys (
    key_id          TEXT   NOT NULL,
    agency_code     TEXT   NOT NULL,
    algorithm       TEXT   NOT NULL,
    public_key      TEXT   NOT NULL,
    secret_sealed   TEXT   NOT NULL,
    kek_id          TEXT   NOT NULL,
    valid_from_ms   BIGINT NOT NULL,
    revoked_at_ms   BIGINT,
    revoked_reason  TEXT,
    created_at_ms   BIGINT NOT NULL,
    CONSTRAINT agency_keys_pkey PRIMARY KEY (key_id),
    CONSTRAINT agency_keys_agency_fkey FOREIGN KEY (agency_code) REFERENCES agencies (code),
    CONSTRAINT agency_keys_algorithm_check CHECK (algorithm IN ('ed25519'))
);
CREATE UNIQUE INDEX agency_keys_active_key ON agency_keys (agency_code) WHERE revoked_at_ms IS NULL;

-- The registry key that signed a result. Rows of the first version are pointed at their
-- key when the clear-text keys of `signing_keys` are sealed into the registry (in Rust,
-- after the migrations: keys::import_legacy). `public_key` stays as a copy, never trusted.
ALTER TABLE result_signatures ADD COLUMN key_id TEXT;
