-- The catalogue as SPEC §2 publishes it: agencies as a tree, fields, and procedures whose
-- published content is versioned (editing creates a new version; dossiers point to the
-- version they used). Replaces the flat first-cut `procedures` table of the foundation.
-- Portable SQL (SQLite and PostgreSQL): TEXT/BIGINT, named constraints, times in Unix ms.
DROP TABLE procedures;

-- Agencies and units (Decision 20/2020 electronic codes: `H15`, `H15.10`, `H15.50`).
-- Each unit keeps its own office hours, work week and calendar exceptions, because a
-- commune that receives on Saturday mornings has a different calendar (SPEC §4.4, §4.6.1).
CREATE TABLE agencies (
    code                TEXT   NOT NULL,
    parent_code         TEXT,
    name                TEXT   NOT NULL,
    kind                TEXT   NOT NULL,
    level               TEXT   NOT NULL,
    address             TEXT   NOT NULL,
    phone               TEXT   NOT NULL,
    email               TEXT   NOT NULL,
    work_week           TEXT   NOT NULL,
    office_hours        TEXT   NOT NULL,
    -- JSON array of calendar exceptions ({date, kind, name, source}) local to the unit.
    calendar_exceptions TEXT   NOT NULL,
    receives_dossiers   BIGINT NOT NULL,
    sort_order          BIGINT NOT NULL,
    CONSTRAINT agencies_pkey PRIMARY KEY (code),
    CONSTRAINT agencies_parent_fkey FOREIGN KEY (parent_code) REFERENCES agencies (code),
    CONSTRAINT agencies_kind_check
        CHECK (kind IN ('province', 'service_centre', 'department', 'agency', 'commune')),
    CONSTRAINT agencies_level_check CHECK (level IN ('province', 'commune')),
    CONSTRAINT agencies_receives_check CHECK (receives_dossiers IN (0, 1))
);

-- Fields (lĩnh vực), e.g. "Hộ tịch".
CREATE TABLE fields (
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT fields_pkey PRIMARY KEY (slug),
    CONSTRAINT fields_name_key UNIQUE (name)
);

-- A procedure's identity; its published content lives in versions.
CREATE TABLE procedures (
    slug            TEXT   NOT NULL,
    current_version BIGINT NOT NULL,
    created_at_ms   BIGINT NOT NULL,
    CONSTRAINT procedures_pkey PRIMARY KEY (slug)
);

-- One published version. Columns that search, filters and deadlines use are columns;
-- the rest of the published components (channels with their own limit and fee,
-- documents with templates, subjects, conditions, legal basis, internal steps with
-- budgets, form fields) is one JSON document checked by `motcua-core` before it is stored.
CREATE TABLE procedure_versions (
    procedure_slug    TEXT   NOT NULL,
    version           BIGINT NOT NULL,
    code              TEXT,
    name              TEXT   NOT NULL,
    field_slug        TEXT   NOT NULL,
    level             TEXT   NOT NULL,
    online_level      TEXT   NOT NULL,
    owner_agency      TEXT   NOT NULL,
    time_limit_unit   TEXT   NOT NULL,
    time_limit_n      BIGINT NOT NULL,
    cutoff_15h        BIGINT NOT NULL,
    body              TEXT   NOT NULL,
    created_at_ms     BIGINT NOT NULL,
    created_by        TEXT   NOT NULL,
    CONSTRAINT procedure_versions_pkey PRIMARY KEY (procedure_slug, version),
    CONSTRAINT procedure_versions_procedure_fkey
        FOREIGN KEY (procedure_slug) REFERENCES procedures (slug),
    CONSTRAINT procedure_versions_field_fkey FOREIGN KEY (field_slug) REFERENCES fields (slug),
    CONSTRAINT procedure_versions_agency_fkey
        FOREIGN KEY (owner_agency) REFERENCES agencies (code),
    CONSTRAINT procedure_versions_level_check CHECK (level IN ('province', 'commune')),
    CONSTRAINT procedure_versions_online_level_check
        CHECK (online_level IN ('toan_trinh', 'mot_phan', 'none')),
    CONSTRAINT procedure_versions_time_limit_unit_check
        CHECK (time_limit_unit IN ('working_days', 'working_hours', 'same_day', 'calendar_days', 'none')),
    CONSTRAINT procedure_versions_cutoff_15h_check CHECK (cutoff_15h IN (0, 1))
);

-- Which units accept (receive and process) a procedure: the province's centre for
-- province procedures, every commune for commune procedures.
CREATE TABLE procedure_units (
    procedure_slug TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    CONSTRAINT procedure_units_pkey PRIMARY KEY (procedure_slug, agency_code),
    CONSTRAINT procedure_units_procedure_fkey
        FOREIGN KEY (procedure_slug) REFERENCES procedures (slug),
    CONSTRAINT procedure_units_agency_fkey FOREIGN KEY (agency_code) REFERENCES agencies (code)
);

-- Bumped on every catalogue change, so that each server instance knows when to rebuild
-- its in-memory search index (several instances behind a load balancer).
CREATE TABLE catalogue_revision (
    id       BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    CONSTRAINT catalogue_revision_pkey PRIMARY KEY (id),
    CONSTRAINT catalogue_revision_single_row CHECK (id = 1)
);
INSERT INTO catalogue_revision (id, revision) VALUES (1, 0);
