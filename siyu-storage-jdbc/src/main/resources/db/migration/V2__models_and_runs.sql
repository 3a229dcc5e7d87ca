-- Layering model versions and evaluation runs, so two runs can be compared (tier migration).

CREATE TABLE model_versions (
    id         BIGINT NOT NULL PRIMARY KEY,
    model_name TEXT   NOT NULL,
    sha256     TEXT   NOT NULL,            -- hex SHA-256 of the UTF-8 YAML text
    yaml       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (model_name, sha256)
);

CREATE TABLE runs (
    id               BIGINT NOT NULL PRIMARY KEY,
    model_version_id BIGINT NOT NULL REFERENCES model_versions (id),
    as_of            BIGINT NOT NULL,
    started_at       BIGINT NOT NULL,
    profile_columns  TEXT,                 -- JSON array of the profile column names, in order
    customer_count   BIGINT NOT NULL DEFAULT 0
);

-- One row per customer per run: the profile values as a JSON object {column: value-as-string}.
CREATE TABLE run_profiles (
    run_id      BIGINT NOT NULL REFERENCES runs (id),
    customer_id TEXT   NOT NULL,
    profile     TEXT   NOT NULL,
    PRIMARY KEY (run_id, customer_id)
);

-- One row per customer per layer per run: the tier's value, or the tag/segment name.
CREATE TABLE run_memberships (
    run_id      BIGINT NOT NULL REFERENCES runs (id),
    layer       TEXT   NOT NULL,
    customer_id TEXT   NOT NULL,
    value       TEXT   NOT NULL,
    PRIMARY KEY (run_id, layer, customer_id)
);
