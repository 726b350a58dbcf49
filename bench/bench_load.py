"""Load benchmark (not a test): generate regional (20 boards × 10 years) and national
(150 boards × 10 years) demo inputs as workbooks with `python -m etl demo`, then time
`python -m etl load` on each into a fresh warehouse and report its peak memory.

Targets on the 2-core reference machine: national inputs load in ≤ 60 s with ≤ 3 GB
peak memory. Peak memory is the load process's maximum resident set size, read from
the kernel's accounting of that child (os.wait4), so nothing samples or misses a peak.

    .venv/bin/python bench/bench_load.py                 # both scales
    .venv/bin/python bench/bench_load.py --scale regional
    .venv/bin/python bench/bench_load.py --reload        # also time an unchanged reload

Output goes to bench/out/ (git-ignored); inputs are reused when already generated.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = {"regional": 20, "national": 150}
YEARS = 10
TODAY = "2026-11-23"
TARGET_SECONDS, TARGET_BYTES = 60.0, 3 * 1024**3


class Run:
    """One child process: exit status, wall and CPU seconds, peak RSS, its output."""

    def __init__(self, args: list[str]):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "etl", *args], cwd=ROOT, stdout=out, stderr=err)
            _pid, status, usage = os.wait4(proc.pid, 0)  # reaps the child: its own rusage
            proc.returncode = self.code = os.waitstatus_to_exitcode(status)
            self.seconds = time.perf_counter() - started
            out.seek(0)
            err.seek(0)
            self.stdout = out.read().decode(errors="replace")
            self.stderr = err.read().decode(errors="replace")[-2000:]
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak = usage.ru_maxrss * 1024

    @property
    def phases(self) -> str:
        return next((l for l in self.stdout.splitlines() if l.startswith("Time:")), "")


def generate(scale: str, boards: int, out: Path) -> Path:
    folder = out / f"{scale}-inputs"
    if folder.is_dir() and any(folder.glob("*.xlsx")):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    run = Run(["demo", "--boards", str(boards), "--years", str(YEARS),
               "--seed", "1", "--today", TODAY, "--out", str(folder)])
    if run.code:
        sys.exit(f"demo generation failed ({run.code}):\n{run.stderr}")
    print(f"  generated {boards} boards × {YEARS} years in {run.seconds:.1f} s "
          f"({sum(f.stat().st_size for f in folder.iterdir()) / 1e6:.0f} MB of workbooks)")
    return folder


def bench(scale: str, boards: int, out: Path, reload: bool) -> bool:
    print(f"{scale}: {boards} boards × {YEARS} years")
    inputs = generate(scale, boards, out)
    db = out / f"{scale}.duckdb"
    for stale in out.glob(f"{db.name}*"):
        stale.unlink()
    runs = [("load", True)] + ([("reload (unchanged)", False)] if reload else [])
    ok = True
    for label, counts in runs:
        run = Run(["load", str(inputs), "--db", str(db), "--today", TODAY])
        if run.code:
            print(f"  {label}: FAILED with exit {run.code}\n{run.stderr}")
            return False
        met = run.seconds <= TARGET_SECONDS and run.peak <= TARGET_BYTES
        ok &= met or not counts
        print(f"  {label}: {run.seconds:.1f} s wall ({run.cpu:.1f} s CPU), peak memory "
              f"{run.peak / 1024**3:.2f} GB"
              + ("" if not counts else f"  [target ≤ {TARGET_SECONDS:.0f} s, ≤ 3 GB: {'met' if met else 'MISSED'}]"))
        print(f"    {run.phases}")
    print(f"  warehouse {db.stat().st_size / 1e6:.0f} MB")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--reload", action="store_true", help="also time loading the same files again")
    parser.add_argument("--fresh", action="store_true", help="regenerate the inputs")
    args = parser.parse_args()
    out = Path(args.out)
    scales = SCALES if args.scale == "both" else {args.scale: SCALES[args.scale]}
    if args.fresh:
        for scale in scales:
            shutil.rmtree(out / f"{scale}-inputs", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPU(s); Python {sys.version.split()[0]}; load average "
          f"{os.getloadavg()[0]:.1f} (other work on the machine inflates wall times)")
    results = [bench(scale, boards, out, args.reload) for scale, boards in scales.items()]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
