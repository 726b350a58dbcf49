-- System tables of the warehouse. The contract tables (reviews, actions, …) are
-- generated from etl/contract.py by etl/schema.py so listed values live in one place.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);  -- schema_version, kind ('board' or 'regional'), published_at

CREATE TABLE IF NOT EXISTS loads (
    load_id     INTEGER PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    loaded_by   VARCHAR NOT NULL,        -- OS or signed-in user: a role account, not a child's name
    kind        VARCHAR NOT NULL,        -- 'load', 'withdraw', 'restore', 'themes'
    outcome     VARCHAR NOT NULL,        -- 'changed', 'unchanged'
    note        VARCHAR
);

CREATE TABLE IF NOT EXISTS load_files (
    load_id INTEGER NOT NULL,
    path    VARCHAR NOT NULL,
    sha256  VARCHAR NOT NULL,
    bytes   BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS load_counts (
    load_id    INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    inserted   INTEGER NOT NULL,
    updated    INTEGER NOT NULL,
    unchanged  INTEGER NOT NULL,
    PRIMARY KEY (load_id, table_name)
);

CREATE TABLE IF NOT EXISTS load_warnings (
    load_id     INTEGER NOT NULL,
    file        VARCHAR,
    sheet       VARCHAR,
    row_number  INTEGER,
    column_name VARCHAR,
    message     VARCHAR NOT NULL,
    value       VARCHAR
);

-- Every value a load replaced: history is never overwritten.
CREATE TABLE IF NOT EXISTS change_log (
    load_id     INTEGER NOT NULL,
    table_name  VARCHAR NOT NULL,
    row_key     VARCHAR NOT NULL,        -- contract.row_key: 'A-1' or 'A-1|2026-03-31'
    column_name VARCHAR NOT NULL,
    old_value   VARCHAR,
    new_value   VARCHAR
);

-- A wrongly loaded row taken out of every figure (and put back), with who/when/why.
CREATE TABLE IF NOT EXISTS withdrawals (
    withdrawal_id INTEGER PRIMARY KEY,
    table_name    VARCHAR NOT NULL,
    row_key       VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    withdrawn_by  VARCHAR NOT NULL,
    withdrawn_at  TIMESTAMP NOT NULL,
    restored_by   VARCHAR,
    restored_at   TIMESTAMP,
    restore_reason VARCHAR
);

-- Dates with England working-day flags, built from the `holidays` library at load.
-- wd_index = number of working days on or before the date, so the N-th working day
-- after X is the working day whose wd_index = wd_index(X) + N.
CREATE TABLE IF NOT EXISTS calendar (
    date           DATE PRIMARY KEY,
    is_weekend     BOOLEAN NOT NULL,
    is_bank_holiday BOOLEAN NOT NULL,
    holiday_name   VARCHAR,
    is_working_day BOOLEAN NOT NULL,
    wd_index       INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS typology (
    key         VARCHAR PRIMARY KEY,
    label       VARCHAR NOT NULL,
    theme_group VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL,
    cue_phrases VARCHAR[] NOT NULL
);

-- The typology's worked examples (data/typology_examples.csv): fictional statements with
-- the themes they are about, which the theme model learns from beside the definitions.
CREATE TABLE IF NOT EXISTS typology_examples (
    example_no  INTEGER PRIMARY KEY,
    kind        VARCHAR,
    text        VARCHAR NOT NULL,
    themes      VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS agencies (
    name        VARCHAR PRIMARY KEY,
    agency_type VARCHAR,
    aliases     VARCHAR[] NOT NULL
);

-- Model suggestions for untagged statements, recomputed at each publish.
CREATE TABLE IF NOT EXISTS theme_suggestions (
    statement_table VARCHAR NOT NULL,    -- 'learning' or 'recommendations'
    statement_id    VARCHAR NOT NULL,
    theme           VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,
    suggested       BOOLEAN NOT NULL,    -- above the model's threshold
    model_version   VARCHAR NOT NULL,
    PRIMARY KEY (statement_table, statement_id, theme)
);

-- A person's accept/reject of a suggestion (RULES.md, "Themes").
CREATE TABLE IF NOT EXISTS theme_decisions (
    decision_id     INTEGER PRIMARY KEY,
    statement_table VARCHAR NOT NULL,
    statement_id    VARCHAR NOT NULL,
    theme           VARCHAR NOT NULL,
    decision        VARCHAR NOT NULL CHECK (decision IN ('accept', 'reject')),
    score           DOUBLE,
    decided_by      VARCHAR NOT NULL,
    decided_at      TIMESTAMP NOT NULL,
    batch_id        INTEGER NOT NULL,
    superseded_by_load INTEGER          -- set when a later load gave the statement its own themes
);

-- Issue 6 (privacy): a finding of the personal-data scan that a person marked as a
-- false alarm (who, when, why). Keyed by the cell and the exact text found, so an
-- edited text is scanned afresh. Written by etl/privacy/findings.py.
CREATE TABLE IF NOT EXISTS privacy_false_alarms (
    table_name  VARCHAR NOT NULL,
    row_key     VARCHAR NOT NULL,
    column_name VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    matched     VARCHAR NOT NULL,
    marked_by   VARCHAR NOT NULL,
    marked_at   TIMESTAMP NOT NULL,
    reason      VARCHAR,
    PRIMARY KEY (table_name, row_key, column_name, kind, matched)
);
