"""Withdrawing a wrongly loaded row from every figure, and restoring it.

Nothing is deleted: a withdrawal is a row in `withdrawals` (who, when, why), and the
metric layer's staging views leave out every row listed by the `withdrawn_keys` view
(etl/sql/01_withdrawn.sql) — the row itself and the rows that depend on it. Restoring
marks the withdrawal restored (who, when, why), so the history stays. Both go through
etl.publish like any other write, so readers see either before or after.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from etl.config import acting_user, db_path
from etl.contract import LOAD_ORDER, TABLES, normalise_name
from etl.load import next_load_id, row_key_sql
from etl.problems import EnvironmentProblem
from etl.publish import publishing
from etl.warehouse import one


class WithdrawalRefused(Exception):
    """Unknown table or id, already withdrawn, not withdrawn: exit 2, nothing written."""


@dataclass
class WithdrawalResult:
    table: str
    key: str
    withdrawal_id: int
    dependents: dict[str, list[str]] = field(default_factory=dict)  # table → row keys
    still_out: dict[str, list[str]] = field(default_factory=dict)   # restore: out for another reason


def resolve_table(name: str) -> str:
    table = normalise_name(name)
    if table not in TABLES:
        raise WithdrawalRefused(f"unknown table {name!r}: use one of {', '.join(LOAD_ORDER)}")
    return table


def _require_row(con: duckdb.DuckDBPyConnection, table: str, key: str) -> None:
    found = one(con, f"SELECT count(*) FROM {table} t WHERE {row_key_sql(TABLES[table], 't')} = ?",
                        [key])[0]
    if not found:
        hint = " (composite key: join the parts with '|', dates as YYYY-MM-DD, e.g. " \
               f"{'|'.join(TABLES[table].key)})" if len(TABLES[table].key) > 1 else ""
        raise WithdrawalRefused(f"no row {key!r} in {table}{hint}")


def _active(con: duckdb.DuckDBPyConnection, table: str, key: str) -> int | None:
    row = one(con, "SELECT withdrawal_id FROM withdrawals WHERE table_name = ? AND row_key = ? "
                      "AND restored_at IS NULL", [table, key])
    return row[0] if row else None


def _out_by(con: duckdb.DuckDBPyConnection, withdrawal_id: int, table: str, key: str) -> dict[str, list[str]]:
    """Rows this withdrawal takes out besides the row itself, by table in load order."""
    rows = con.execute("SELECT table_name, row_key FROM withdrawn_keys WHERE withdrawal_id = ? "
                       "ORDER BY row_key", [withdrawal_id]).fetchall()
    return _group((t, k) for t, k in rows if (t, k) != (table, key))


def _group(pairs) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for t, k in pairs:
        grouped[t].append(k)
    return {t: sorted(grouped[t]) for t in LOAD_ORDER if t in grouped}


def _log(con: duckdb.DuckDBPyConnection, kind: str, user: str, note: str) -> None:
    now = datetime.now()
    con.execute("INSERT INTO loads VALUES (?, ?, ?, ?, ?, 'changed', ?)",
                [next_load_id(con), now, now, user, kind, note])


def withdraw(db: Path, table: str, key: str, reason: str, user: str | None = None) -> WithdrawalResult:
    table = resolve_table(table)
    if not reason or not reason.strip():
        raise WithdrawalRefused("give the reason for the withdrawal (--reason TEXT)")
    _require_published(db)
    user = user or acting_user()
    with publishing(db) as con:
        _require_row(con, table, key)
        if _active(con, table, key) is not None:
            raise WithdrawalRefused(f"{table} {key} is already withdrawn (restore it with "
                                    f"python -m etl restore {table} '{key}')")
        wid = one(con, "SELECT coalesce(max(withdrawal_id), 0) + 1 FROM withdrawals")[0]
        con.execute("INSERT INTO withdrawals VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
                    [wid, table, key, reason.strip(), user, datetime.now()])
        _log(con, "withdraw", user, f"{table} {key}: {reason.strip()}")
        return WithdrawalResult(table, key, wid, _out_by(con, wid, table, key))


def restore(db: Path, table: str, key: str, reason: str | None = None,
            user: str | None = None) -> WithdrawalResult:
    table = resolve_table(table)
    _require_published(db)
    user = user or acting_user()
    with publishing(db) as con:
        _require_row(con, table, key)
        wid = _active(con, table, key)
        if wid is None:
            raise WithdrawalRefused(f"{table} {key} is not withdrawn: nothing to restore")
        dependents = _out_by(con, wid, table, key)
        con.execute("UPDATE withdrawals SET restored_by = ?, restored_at = ?, restore_reason = ? "
                    "WHERE withdrawal_id = ?", [user, datetime.now(), (reason or "").strip() or None, wid])
        still = con.execute("SELECT DISTINCT table_name, row_key FROM withdrawn_keys").fetchall()
        _log(con, "restore", user, f"{table} {key}" + (f": {reason.strip()}" if reason else ""))
    out = set(still)
    back = {t: [k for k in ks if (t, k) not in out] for t, ks in dependents.items()}
    kept = {t: [k for k in ks if (t, k) in out] for t, ks in dependents.items()}
    return WithdrawalResult(table, key, wid, {t: ks for t, ks in back.items() if ks},
                            {t: ks for t, ks in kept.items() if ks})


def _require_published(db: Path) -> None:
    if not Path(db).is_file():
        raise EnvironmentProblem(f"no warehouse at {db}: nothing has been loaded there")


def _describe(rows: dict[str, list[str]], limit: int = 50) -> list[str]:
    lines = []
    for table, keys in rows.items():
        shown = ", ".join(keys[:limit]) + (f", … ({len(keys) - limit} more)" if len(keys) > limit else "")
        lines.append(f"  {table} ({len(keys)}): {shown}")
    return lines


def cli_withdraw(args) -> int:
    """`python -m etl withdraw TABLE ID --reason TEXT [--by ROLE] [--db PATH]`."""
    try:
        result = withdraw(db_path(args.db), args.table, args.id, args.reason or "", args.by)
    except (WithdrawalRefused, EnvironmentProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Withdrew {result.table} {result.key} from every figure (withdrawal {result.withdrawal_id}).")
    if result.dependents:
        n = sum(map(len, result.dependents.values()))
        print(f"These {n} row(s) depend on it and are withdrawn with it:")
        print("\n".join(_describe(result.dependents)))
    else:
        print("No other rows depend on it.")
    return 0


def cli_restore(args) -> int:
    """`python -m etl restore TABLE ID [--reason TEXT] [--by ROLE] [--db PATH]`."""
    try:
        result = restore(db_path(args.db), args.table, args.id, args.reason, args.by)
    except (WithdrawalRefused, EnvironmentProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Restored {result.table} {result.key} to every figure (withdrawal {result.withdrawal_id} ended).")
    if result.dependents:
        n = sum(map(len, result.dependents.values()))
        print(f"These {n} row(s) that depend on it are restored with it:")
        print("\n".join(_describe(result.dependents)))
    if result.still_out:
        print("These rows stay withdrawn because another withdrawal still covers them:")
        print("\n".join(_describe(result.still_out)))
    return 0
