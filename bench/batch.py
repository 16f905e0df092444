"""Time whole collections: `teitools convert` and `validate` on a generated collection, at one
job, at all local cores, and through a Dask cluster on this machine with as many workers; then
an incremental rerun after changing 1 % of the texts; the client's peak memory.

Usage: .venv/bin/python bench/batch.py [--files 2000] [--jobs N] [--seed 2026] [--no-dask]

The collection is generated, not copied: --files texts whose sizes are drawn log-uniformly from
5 KB to 600 KB (the corpus's range) with a fixed seed, half shaped like OCR'd page text and half
like ebooks (bench/convert.py's generator), in folders of 100. Every run writes into a fresh
folder with --incremental (so the manifest's cost is counted) and the outputs of the parallel
and cluster runs are checked to be the bytes of the one-job run. The cluster is started with
Dask's own commands (`dask scheduler`, `dask worker --nworkers N --nthreads 1`, without Dask's
statistical profiler, as docs/batch.md advises), so its scheduler and workers share this
machine's cores with the client, as the one-machine runs do. The table gives each run's CPU
seconds (its processes', and the cluster's) and the load average when it began: the machine may
be shared, and a loaded machine cannot show what its cores would give.
teitools is `.venv/bin/python -m teitools` on the repository's source.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert import generated

REPO = Path(__file__).resolve().parent.parent
# The client's own peak resident memory, printed at exit (its workers are processes of their own).
PEAK = ("import atexit, resource, sys\n"
        "atexit.register(lambda: sys.__stderr__.write("
        "f'PEAK-KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
        "from teitools.cli import main\n"
        "sys.argv[0] = 'teitools'\n"
        "main()\n")


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONDONTWRITEBYTECODE": ""}


def generate(folder: Path, files: int, seed: int) -> int:
    """``files`` texts in ``folder`` (sizes 5 KB to 600 KB, log-uniform); their total bytes."""
    draw = random.Random(seed)
    total = 0
    for number in range(files):
        kilobytes = math.exp(draw.uniform(math.log(5), math.log(600)))
        layout = draw.choice(["ocr-paged", "ebook"])
        text = generated(layout, kilobytes / 1000, seed=seed + number)
        path = folder / f"shelf{number // 100:03d}" / f"vol{number:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


@dataclass
class Run:
    """One run of teitools: wall seconds, CPU seconds (its processes' and, for a cluster run, the
    cluster's), the client's peak MB, the load average when it began, exit status, stdout, stderr."""

    seconds: float
    cpu: float
    peak: float
    load: float
    status: int
    stdout: str
    stderr: str


def teitools(folder: Path, *args: str, cluster: Cluster | None = None) -> Run:
    """Run ``teitools ARGS`` in ``folder`` (its worker processes are its children; a cluster's
    processes are counted when given)."""
    load = os.getloadavg()[0]
    before = _children_cpu() + (cluster.cpu() if cluster else 0.0)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, *args], cwd=folder, env=environment(),
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() + (cluster.cpu() if cluster else 0.0) - before
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK-KB ")]
    rest = "\n".join(line for line in done.stderr.splitlines() if not line.startswith("PEAK-KB "))
    return Run(seconds, cpu, int(peak[-1].split()[1]) / 1024 if peak else 0.0, load, done.returncode,
               done.stdout, rest)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def digest(folder: Path) -> str:
    """One SHA-256 over every output file's relative path and bytes (not the manifest)."""
    total = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".teitools-"):
            total.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return total.hexdigest()


class Cluster:
    """`dask scheduler` and `dask worker --nworkers N --nthreads 1` on this machine."""

    def __init__(self, workers: int, folder: Path) -> None:
        dask = Path(sys.executable).with_name("dask")
        self.file = folder / "scheduler.json"
        # as docs/batch.md advises: no statistical profiler sampling every worker 100 times a second
        env = {**environment(), "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env, "cwd": folder}
        self.processes = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                            "--no-dashboard", "--scheduler-file", str(self.file)], **quiet)]
        self.processes.append(subprocess.Popen(
            [str(dask), "worker", "--scheduler-file", str(self.file), "--nworkers", str(workers),
             "--nthreads", "1", "--no-dashboard", "--memory-limit", "0"], **quiet))
        from distributed import Client

        deadline = time.monotonic() + 120
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        with Client(scheduler_file=str(self.file), timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
            self.address = client.scheduler.address

    def cpu(self) -> float:
        """CPU seconds the scheduler and the workers have used so far."""
        import psutil

        total = 0.0
        for process in self.processes:
            try:
                tree = psutil.Process(process.pid)
                for member in [tree, *tree.children(recursive=True)]:
                    times = member.cpu_times()
                    total += times.user + times.system
            except psutil.NoSuchProcess:
                continue
        return total

    def close(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def row(name: str, files: int, run: Run, base: float | None = None, remark: str = "") -> str:
    """A row of the table: files per second, the speed-up over ``base`` seconds, CPU seconds, the
    client's peak memory, the load average when the run began."""
    versus = f"{base / run.seconds:.2f} x" if base else ""
    return (f"| {name} | {run.seconds:.1f} s | {files / run.seconds:.1f} | {versus} | {run.cpu:.1f} s "
            f"| {run.peak:.0f} MB | {run.load:.1f} | {remark} |")


HEADER = ["| run | wall | files/s | vs 1 job | CPU | client peak | load | |",
          "|---|---|---|---|---|---|---|---|"]


def full_runs(base: Path, files: int, runs: list[tuple[str, list[str]]], lines: list[str],
              cluster: Cluster | None) -> dict[str, float]:
    """Convert the texts, then validate the TEI of the second run, each way of ``runs``, into fresh
    folders and manifests; their seconds by "command way". Raises SystemExit when a run fails or
    the runs' outputs differ."""
    timed: dict[str, float] = {}
    outputs: set[str] = set()
    for command, source in (("convert", "texts"), ("validate", "tei-1")):
        for number, (name, how) in enumerate(runs):
            where = ["-o", f"tei-{number}"] if command == "convert" else \
                ["--manifest", f"validate-{number}.sqlite"]
            run = teitools(base, command, source, *where, "-q", "--incremental", *how,
                           cluster=cluster if "--scheduler" in how else None)
            if run.status != 0:
                raise SystemExit(f"{command} {name} failed ({run.status}): {run.stderr}")
            timed[f"{command} {name}"] = run.seconds
            if command == "convert":
                outputs.add(digest(base / f"tei-{number}"))
            first = timed[f"{command} 1 job"] if number else None
            lines.append(row(f"`{command}`, {name}", files, run, first))
            print(lines[-1], file=sys.stderr)
    if len(outputs) != 1:
        raise SystemExit("the runs' outputs differ")
    return timed


def incremental_runs(base: Path, files: int, jobs: str, timed: dict[str, float], lines: list[str]) -> None:
    """Add a sentence to 1 % of the texts, then convert and validate again with --incremental into
    the folder and manifest of the full run on ``jobs`` jobs."""
    changed = sorted((base / "texts").rglob("*.txt"))[::100][: max(1, files // 100)]
    for path in changed:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\nA sentence added after the first run.\n")
    before = time.time_ns()
    run = teitools(base, "convert", "texts", "-o", "tei-1", "-q", "--incremental", "-j", jobs)
    redone = sum(p.stat().st_mtime_ns >= before for p in (base / "tei-1").rglob("*.xml"))
    share = 100 * run.seconds / timed[f"convert {jobs} jobs"]
    lines.append(row(f"`convert --incremental`, {len(changed)} texts changed", files, run,
                     remark=f"{redone} converted again: {share:.1f} % of the full run's time"))
    print(lines[-1], file=sys.stderr)
    run = teitools(base, "validate", "tei-1", "--manifest", "validate-1.sqlite", "-f", "json",
                   "--incremental", "-j", jobs)
    checked = sum("cached" not in entry for entry in json.loads(run.stdout)["files"])
    share = 100 * run.seconds / timed[f"validate {jobs} jobs"]
    lines.append(row("`validate --incremental`, after it", files, run,
                     remark=f"{checked} checked again: {share:.1f} % of the full run's time"))
    print(lines[-1], file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="all local cores")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-dask", action="store_true", help="leave out the cluster runs")
    args = parser.parse_args()
    jobs = str(args.jobs)
    lines = list(HEADER)
    with tempfile.TemporaryDirectory(prefix="teitools-batch-") as temp:
        base = Path(temp)
        start = time.perf_counter()
        size = generate(base / "texts", args.files, args.seed)
        print(f"{args.files} texts, {size / 1e6:.0f} MB, generated in {time.perf_counter() - start:.0f} s; "
              f"{args.jobs} cores; load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
        runs = [("1 job", ["-j", "1"]), (f"{jobs} jobs", ["-j", jobs])]
        cluster = None if args.no_dask else Cluster(args.jobs, base)
        try:
            if cluster is not None:
                runs.append((f"Dask, {jobs} workers", ["--scheduler", cluster.address]))
            timed = full_runs(base, args.files, runs, lines, cluster)
            incremental_runs(base, args.files, jobs, timed, lines)
        finally:
            if cluster is not None:
                cluster.close()
        total = size / 1e6
    print(f"Measured {datetime.date.today().isoformat()} with `.venv/bin/python bench/batch.py --files "
          f"{args.files}` ({total:.0f} MB of text; {args.jobs} cores; load average "
          f"{os.getloadavg()[0]:.2f} at the end)\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
