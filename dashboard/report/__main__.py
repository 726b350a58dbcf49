"""`python -m dashboard.report quarterly|annual …`: write every format of a report.

    python -m dashboard.report quarterly --board NAME --quarter 2026Q2 --out DIR
        [--db PATH] [--marking "OFFICIAL-SENSITIVE"]
    python -m dashboard.report annual --board NAME --year 2025-26 --out DIR [--db PATH]

Exit status: 0 written; 2 usage error (unknown board, malformed period, no warehouse).
A missing Chromium is not an error: the documents are written with a note where each
chart would be, and a warning on stderr.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time

import duckdb

from dashboard.report.build import DEFAULT_MARKING, ReportUsageError, write_annual, write_quarterly


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard.report",
                                description="Quarterly Performance Committee report and annual "
                                            "report section, from the warehouse")
    sub = p.add_subparsers(dest="command", required=True)
    q = sub.add_parser("quarterly", help="quarterly report: .docx, .pdf, .xlsx tracker, figures.json")
    q.add_argument("--board", required=True, help="board name exactly as loaded")
    q.add_argument("--quarter", required=True, help="calendar quarter, e.g. 2026Q2 (= Q1 2026/27)")
    q.add_argument("--marking", default=DEFAULT_MARKING,
                   help=f"protective marking on every page (default {DEFAULT_MARKING!r})")
    a = sub.add_parser("annual", help="annual report section: .docx, .pdf, .xlsx")
    a.add_argument("--board", required=True)
    a.add_argument("--year", required=True,
                   help="financial year 2025-26 (April–March) or calendar year 2025")
    a.add_argument("--marking", default=DEFAULT_MARKING)
    for s in (q, a):
        s.add_argument("--out", required=True, help="folder to write the files into")
        s.add_argument("--db", help="warehouse file (default: env LEARNING_DB, then data/warehouse.duckdb)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Warnings are printed once below, in plain words; the browser tooling's own logging
    # (and asyncio's complaints about a browser that died) would only repeat them.
    logging.basicConfig(level=logging.ERROR, format="%(message)s")
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    started = time.perf_counter()
    try:
        if args.command == "quarterly":
            written, warnings = write_quarterly(args.db, args.board, args.quarter, args.out,
                                                marking=args.marking)
        else:
            written, warnings = write_annual(args.db, args.board, args.year, args.out,
                                             marking=args.marking)
    except ReportUsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. --out names a file, or a read-only folder
        print(f"error: cannot write the report into {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:  # a warehouse from before the metric layer, or damaged
        print(f"error: the warehouse cannot give these figures ({type(exc).__name__}: {exc}); "
              "reload it with the current version (python -m etl load …)", file=sys.stderr)
        return 2
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    for path in written:
        print(path)
    print(f"{len(written)} files written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
