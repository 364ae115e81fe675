-- Electronically signed result documents and the agencies' signing keys. Portable SQL
-- (SQLite and PostgreSQL); times are Unix ms (UTC); keys and signatures are base64 text.

-- One Ed25519 key per agency, created the first time the agency signs. The secret (the
-- 32-byte seed) is kept here for now; an HSM or KMS is the production answer (see
-- server/src/signing/keys.rs). Two instances racing to create a key insert with
-- ON CONFLICT DO NOTHING and both read back the one stored.
CREATE TABLE signing_keys (
    agency_code    TEXT   NOT NULL,
    algorithm      TEXT   NOT NULL,
    public_key     TEXT   NOT NULL,
    secret_key     TEXT   NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    CONSTRAINT signing_keys_pkey PRIMARY KEY (agency_code),
    CONSTRAINT signing_keys_agency_fkey FOREIGN KEY (agency_code) REFERENCES agencies (code),
    CONSTRAINT signing_keys_algorithm_check CHECK (algorithm IN ('ed25519'))
);

-- A signed result: the stamped PDF (stored by content hash under the data directory's
-- `results/`), found by its verification code or by the SHA-256 of a downloaded copy.
-- The signature covers a statement of the stamped file's SHA-256 and the fields shown on
-- the verification page; the public key is kept per row so that a rotated key still
-- verifies what it signed.
CREATE TABLE result_signatures (
    verification_code  TEXT   NOT NULL,
    dossier_id         TEXT   NOT NULL,
    agency_code        TEXT   NOT NULL,
    agency_name        TEXT   NOT NULL,
    dossier_code       TEXT   NOT NULL,
    sha256             TEXT   NOT NULL,
    original_sha256    TEXT   NOT NULL,
    algorithm          TEXT   NOT NULL,
    signature          TEXT   NOT NULL,
    public_key         TEXT   NOT NULL,
    signer_name        TEXT   NOT NULL,
    signer_id          TEXT   NOT NULL,
    signed_at_ms       BIGINT NOT NULL,
    file_name          TEXT   NOT NULL,
    size_bytes         BIGINT NOT NULL,
    CONSTRAINT result_signatures_pkey PRIMARY KEY (verification_code),
    CONSTRAINT result_signatures_dossier_fkey FOREIGN KEY (dossier_id) REFERENCES dossiers (id),
    CONSTRAINT result_signatures_agency_fkey FOREIGN KEY (agency_code) REFERENCES agencies (code),
    CONSTRAINT result_signatures_algorithm_check CHECK (algorithm IN ('ed25519')),
    CONSTRAINT result_signatures_size_check CHECK (size_bytes > 0)
);
CREATE INDEX result_signatures_sha256_idx ON result_signatures (sha256);
CREATE INDEX result_signatures_dossier_idx ON result_signatures (dossier_id, signed_at_ms);
