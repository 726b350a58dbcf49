"""`python -m etl …`: the command line. Each command lives in the module named in
COMMANDS and is imported only when used, so `--help` is instant.

Exit status: 0 done; 1 input rejected (every problem listed, nothing written);
2 usage or environment error (argparse also exits 2 on bad arguments).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS = {
    "load": "etl.load:cli_load",
    "demo": "etl.demo:cli_demo",
    "template": "etl.template:cli_template",
    "status": "etl.status:cli_status",
    "withdraw": "etl.withdraw:cli_withdraw",
    "restore": "etl.withdraw:cli_restore",
    "themes": "etl.themes.cli:cli_themes",
    "bundle": "etl.bundle:cli_bundle",
    "upgrade": "etl.upgrade:cli_upgrade",
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Learning & Impact warehouse tools")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("load", help="validate and load contract inputs (folders or .xlsx workbooks)")
    s.add_argument("inputs", nargs="+", metavar="INPUT")
    s.add_argument("--db")
    s.add_argument("--today", help="treat this date (YYYY-MM-DD) as the day of the load (tests)")

    s = sub.add_parser("demo", help="write fictional demo inputs as .xlsx workbooks, one per board")
    s.add_argument("--out", default=None)
    s.add_argument("--boards", type=int, default=4)
    s.add_argument("--years", type=int, default=8)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--today", default=None, help="YYYY-MM-DD; default: the real date")

    s = sub.add_parser("template", help="write a blank input workbook with notes and drop-downs")
    s.add_argument("out", metavar="OUT.xlsx")

    s = sub.add_parser("status", help="rows per table, boards, date range, last loads")
    s.add_argument("--db")

    s = sub.add_parser("upgrade", help="bring a warehouse built by an earlier version up to this one")
    s.add_argument("--db")

    for name, verb in (("withdraw", "take a wrongly loaded row out of every figure"),
                       ("restore", "put a withdrawn row back")):
        s = sub.add_parser(name, help=verb)
        s.add_argument("table")
        s.add_argument("id", help="the row's id; composite keys joined with '|', e.g. A-1|2026-03-31")
        s.add_argument("--reason", required=(name == "withdraw"))
        s.add_argument("--by", default=None, help="role recorded as acting (default LEARNING_USER)")
        s.add_argument("--db")

    s = sub.add_parser("themes", help="theme model: suggest, evaluate")
    tsub = s.add_subparsers(dest="themes_command", required=True)
    t = tsub.add_parser("suggest", help="suggest themes for id,text rows")
    t.add_argument("--input", required=True)
    t.add_argument("--output", required=True)
    t.add_argument("--db")
    t = tsub.add_parser("evaluate", help="group-wise cross-validated F1 on id,text,labels[,group]")
    t.add_argument("--input", required=True)
    t.add_argument("--db")
    t.add_argument("--folds", type=int, default=5)

    s = sub.add_parser("bundle", help="regional bundles: export, import")
    bsub = s.add_subparsers(dest="bundle_command", required=True)
    b = bsub.add_parser("export")
    b.add_argument("--board", required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--db")
    b.add_argument("--as-letter", default=None, help="share under this letter instead of the name")
    b.add_argument("--as-of", default=None, help="YYYY-MM-DD the figures are as of (default today)")
    b = bsub.add_parser("scan", help="list personal data found in what a board would share")
    b.add_argument("--board", required=True)
    b.add_argument("--db")
    b = bsub.add_parser("mark-false-alarm", help="record scan findings as false alarms (who, when, why)")
    b.add_argument("keys", nargs="+", metavar="KEY", help="finding keys, as listed by export/scan")
    b.add_argument("--board", required=True)
    b.add_argument("--reason", required=True)
    b.add_argument("--by", default=None, help="role recorded as acting (default LEARNING_USER)")
    b.add_argument("--db")
    b = bsub.add_parser("import")
    b.add_argument("files", nargs="+", metavar="FILE")
    b.add_argument("--db", required=True)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module, func = COMMANDS[args.command].split(":")
    try:
        handler = getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as exc:
        print(f"error: the '{args.command}' command is not available in this build ({exc})", file=sys.stderr)
        return 2
    try:
        return int(handler(args) or 0)
    except BrokenPipeError:
        # `python -m etl status | head`: the reader left; stop quietly, no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("interrupted (the published warehouse is never left half-written)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
