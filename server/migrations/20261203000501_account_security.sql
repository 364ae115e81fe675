-- Issue 11 (roles and personal data): staff temporary passwords that must be changed at
-- the next sign-in, closed citizen accounts (Decree 13/2023/NĐ-CP), and the per-unit
-- permission a system administrator gives an agency administrator to appoint signers.
-- Portable SQL (SQLite and PostgreSQL); times are Unix ms (UTC).

-- 1 while the account holds a temporary password issued by an administrator: its
-- sessions can do nothing but change it (`staff::passwords`).
ALTER TABLE staff ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff ADD COLUMN password_changed_at_ms BIGINT;

-- When the citizen closed the account; the profile is erased at that moment and the
-- row stays only so that the dossiers' `citizen_id` still points somewhere.
ALTER TABLE citizens ADD COLUMN closed_at_ms BIGINT;

-- 1 when the system administrator allows this unit's agency administrator to create or
-- promote accounts that sign results (head of agency). Off by default.
ALTER TABLE agencies ADD COLUMN admin_appoints_signers BIGINT NOT NULL DEFAULT 0;
