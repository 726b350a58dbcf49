"""DDL of the warehouse: contract tables generated from etl/contract.py, system tables
from schema.sql, then the metric layer (etl/sql/*.sql, in file-name order)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import duckdb

from etl.contract import TABLES, Column, Table

SCHEMA_VERSION = "1"
HERE = Path(__file__).parent
SQL_TYPES = {"text": "VARCHAR", "date": "DATE", "int": "INTEGER", "number": "DOUBLE",
             "list": "VARCHAR[]"}


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def column_ddl(col: Column) -> str:
    parts = [col.name, SQL_TYPES[col.kind]]
    if col.required:
        parts.append("NOT NULL")
    if col.values:
        parts.append(f"CHECK ({col.name} IN ({', '.join(map(_quote, col.values))}))")
    if col.kind == "int":
        parts.append(f"CHECK ({col.name} >= 0)")
    return " ".join(parts)


def table_ddl(table: Table) -> str:
    """Contract columns plus provenance: which load first wrote and last changed the row."""
    cols = [column_ddl(c) for c in table.columns]
    cols += ["_first_load INTEGER NOT NULL", "_last_load INTEGER NOT NULL",
             "_source VARCHAR"]  # file › sheet › row N of the last write
    cols.append(f"PRIMARY KEY ({', '.join(table.key)})")
    cols += foreign_keys(table)
    return f"CREATE TABLE IF NOT EXISTS {table.name} (\n    " + ",\n    ".join(cols) + "\n);"


def foreign_keys(table: Table) -> list[str]:
    """The FOREIGN KEYs DuckDB can keep under in-place updates.

    A column naming one of several tables (learning.source_id) cannot have one. DuckDB
    2.0 runs an UPDATE of a LIST column as delete + insert, which a referenced parent row
    refuses ("still referenced by a foreign key"), so only parents without list columns
    (today: actions, for action_updates.action_id) are referenced; the other references
    are checked by etl.validate before anything is written.
    """
    out = []
    for col in table.columns:
        if len(col.refs) != 1:
            continue
        parent = TABLES[col.refs[0]]
        if parent.id_column and not any(c.kind == "list" for c in parent.columns):
            out.append(f"FOREIGN KEY ({col.name}) REFERENCES {parent.name} ({parent.id_column})")
    return out


def contract_ddl() -> str:
    return "\n\n".join(table_ddl(t) for t in TABLES.values())


def metric_sql_files() -> list[Path]:
    return sorted((HERE / "sql").glob("*.sql"))


@lru_cache(maxsize=1)
def layer_digest() -> str:
    """Fingerprint of this version's tables, views and macros (every SQL file and the
    contract): a warehouse stamped with another was built by an earlier version, and its
    pages may need a view or macro it does not have yet (`python -m etl upgrade`)."""
    h = hashlib.sha256(contract_ddl().encode())
    for path in [HERE / "schema.sql", *metric_sql_files(), HERE / "regional.sql"]:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def create_all(con: duckdb.DuckDBPyConnection) -> None:
    """Create (idempotently) every table, then (re)define every view and macro."""
    con.execute((HERE / "schema.sql").read_text())
    con.execute(contract_ddl())
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('layer_digest', ?)", [layer_digest()])
    define_metrics(con)


def define_metrics(con: duckdb.DuckDBPyConnection) -> None:
    """Views and table macros are replaced on every publish so the SQL in etl/sql is the truth."""
    for path in metric_sql_files():
        con.execute(path.read_text())
