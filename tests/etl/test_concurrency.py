"""Serving while loading, with real processes on real files: a reader never sees an
error or a half-loaded warehouse; a load killed with SIGKILL at any moment leaves the
published warehouse exactly as it was; two loads at once are serialised."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from load_helpers import ROOT, TODAY, popen_etl, query, rows, run_etl, sha256, temp_files, write_inputs

pytestmark = pytest.mark.slow

STATE_SQL = ("SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM actions), "
             "(SELECT count(*) FROM action_updates), (SELECT count(*) FROM loads)")

READER = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from etl.warehouse import connect_readonly
db, stop = Path(sys.argv[1]), Path(sys.argv[2])
sql = sys.argv[4]
while not stop.exists():
    try:
        con = connect_readonly(db)
        try:
            print("OK", *con.execute(sql).fetchall()[0], flush=True)
        finally:
            con.close()
    except BaseException as exc:
        print("ERROR", type(exc).__name__, str(exc).replace("\n", " "), flush=True)
    time.sleep(0.01)
"""


def state(db: Path) -> tuple:
    return query(db, STATE_SQL)[0]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> tuple[Path, Path]:
    """A small first load and a larger second one (so the second takes a while)."""
    base = tmp_path_factory.mktemp("conc")
    return (write_inputs(base / "old", rows("OLD", boards=2, reviews=3)),
            write_inputs(base / "new", rows("NEW", boards=20, reviews=15)))


@pytest.fixture
def old_db(inputs, tmp_path) -> Path:
    db = tmp_path / "w.duckdb"
    res = run_etl("load", inputs[0], "--db", db, "--today", TODAY)
    assert res.returncode == 0, res.stderr
    return db


def test_reader_sees_old_or_new_complete_state_throughout_a_load(inputs, old_db, tmp_path):
    old = state(old_db)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, old_db, stop, ROOT, STATE_SQL],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.0)
        res = run_etl("load", inputs[1], "--db", old_db, "--today", TODAY)
        assert res.returncode == 0, res.stderr
        new = state(old_db)
        time.sleep(1.0)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    lines = out.splitlines()
    assert not [l for l in lines if l.startswith("ERROR")], lines[:5]
    seen = [tuple(int(x) for x in l.split()[1:]) for l in lines]
    assert set(seen) <= {old, new}, set(seen) - {old, new}
    assert seen[0] == old and seen[-1] == new
    assert len(seen) > 20 and err == ""


def _wait_for_write_phase(proc: subprocess.Popen, db: Path, limit: float = 120.0) -> None:
    """Until the load has started writing its working copy (or has ended)."""
    deadline = time.perf_counter() + limit
    while not temp_files(db) and proc.poll() is None and time.perf_counter() < deadline:
        time.sleep(0.005)


def test_sigkill_at_random_moments_leaves_the_published_warehouse_intact(inputs, old_db):
    """Kills land at random moments: one while reading/validating, the others at random
    delays after the working copy appeared (copying, upserting, checkpointing, renaming)."""
    old, old_bytes = state(old_db), sha256(old_db)
    probe = old_db.parent / "probe.duckdb"
    assert run_etl("load", inputs[1], "--db", probe, "--today", TODAY).returncode == 0
    new = tuple(o + p for o, p in zip(old[:3], state(probe)[:3])) + (old[3] + 1,)
    rng = random.Random(20261123)
    plan = [("start", 1.0)] + [("write", rng.uniform(0.0, 1.5)) for _ in range(5)]
    interrupted = 0
    for phase, delay in plan:
        proc = popen_etl("load", inputs[1], "--db", old_db, "--today", TODAY)
        if phase == "write":
            _wait_for_write_phase(proc, old_db)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        now = state(old_db)  # readable, whole, and either before or after
        assert now in (old, new), f"killed {delay:.2f}s into {phase}: {now}"
        if now == new:
            break  # it had published just before the kill: the new version is whole
        assert sha256(old_db) == old_bytes, f"killed {delay:.2f}s into {phase}: file changed"
        interrupted += 1
    assert interrupted >= 3, "the load finished too quickly to be interrupted"
    res = run_etl("load", inputs[1], "--db", old_db, "--today", TODAY)
    assert res.returncode == 0, res.stderr
    assert state(old_db)[:3] == new[:3]
    assert not temp_files(old_db)


def test_two_loads_at_once_are_serialised(tmp_path):
    a = write_inputs(tmp_path / "a", rows("A", boards=6, reviews=10))
    b = write_inputs(tmp_path / "b", rows("B", boards=6, reviews=10))
    db = tmp_path / "w.duckdb"
    procs = [popen_etl("load", p, "--db", db, "--today", TODAY) for p in (a, b)]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0, 0], results
    assert query(db, "SELECT count(*) FROM reviews") == [(2 * 6 * 10,)]
    assert query(db, "SELECT load_id, outcome FROM loads ORDER BY load_id") == [(1, "changed"), (2, "changed")]
    assert query(db, "SELECT count(DISTINCT _first_load) FROM reviews") == [(2,)]
