"""Batches on a real Dask cluster: a scheduler and two worker processes on this machine
(``distributed.LocalCluster``), started and stopped by these tests. The commands run as a user
runs them (``teitools ... --scheduler ADDRESS``, in a process of their own) on a few hundred
generated texts; what they write and report must be the bytes of a local run, also when a
worker is killed in the middle of it."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import logging
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from shared import REPO

from teitools import manifest
from teitools.batch_dask import Unreachable, _run_here

# Dask is imported by the tests that start a cluster, not when the module is collected (it takes
# half a second, which the everyday loop, deselecting these, would pay for nothing)
if importlib.util.find_spec("distributed") is None:
    pytest.skip("Dask is not installed: pip install 'teitools[dask]'", allow_module_level=True)
if TYPE_CHECKING:
    import distributed
pytestmark = pytest.mark.slow  # a real cluster, about a minute: deselect with -m 'not slow'

FILES = 300
LOCAL = {"n_workers": 2, "threads_per_worker": 1, "processes": True, "dashboard_address": ":0",
         "silence_logs": logging.CRITICAL}  # a scheduler and two worker processes on this machine
PLUGINS = '''
import os, signal, time
from distributed import WorkerPlugin


class Slow(WorkerPlugin):
    """Each conversion takes SECONDS longer on this worker."""
    name = "slow"

    def __init__(self, seconds):
        self.seconds = seconds

    def setup(self, worker):
        from teitools import tasks
        self.original = tasks.ConvertTask.__call__
        original, seconds = self.original, self.seconds
        def slow(task, item):
            time.sleep(seconds)
            return original(task, item)
        tasks.ConvertTask.__call__ = slow

    def teardown(self, worker):
        from teitools import tasks
        tasks.ConvertTask.__call__ = self.original


class Elsewhere(WorkerPlugin):
    """The worker does not see the folder FOLDER, as one without the shared file system."""
    name = "elsewhere"

    def __init__(self, folder):
        self.folder = folder

    def setup(self, worker):
        import os as real
        from teitools import batch_dask
        folder = self.folder

        class Os:
            def __getattr__(self, name):
                return getattr(real, name)

            def chdir(self, path):
                if real.path.realpath(path) == folder:
                    raise FileNotFoundError(2, "No such file or directory", path)
                real.chdir(path)

        batch_dask.os = Os()

    def teardown(self, worker):
        import os
        from teitools import batch_dask
        batch_dask.os = os


class Version(WorkerPlugin):
    """The worker runs teitools VERSION."""
    name = "version"

    def __init__(self, version):
        self.version = version

    def setup(self, worker):
        from teitools import batch_dask
        self.original, batch_dask.__version__ = batch_dask.__version__, self.version

    def teardown(self, worker):
        from teitools import batch_dask
        batch_dask.__version__ = self.original


class Crash(WorkerPlugin):
    """A conversion of a file named NAME kills the worker process."""
    name = "crash"

    def __init__(self, name):
        self.file = name

    def setup(self, worker):
        from teitools import tasks
        original, name = tasks.ConvertTask.__call__, self.file
        def crash(task, item):
            if item.path.name == name:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(task, item)
        tasks.ConvertTask.__call__ = crash
'''


def generator() -> object:
    """bench/convert.py's ``generated(layout, megabytes, seed)``: texts shaped like OCR'd pages
    and like ebooks, made up from a seed."""
    spec = importlib.util.spec_from_file_location("bench_convert", REPO / "bench" / "convert.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generated


def teitools(folder: Path, *args: str, timeout: int = 300, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    """``teitools ARGS`` in its own process, in ``folder`` (with ``env`` added to the environment)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **(env or {})}
    return subprocess.run([sys.executable, "-m", "teitools", *args], cwd=folder, capture_output=True,
                          text=True, env=env, timeout=timeout, check=False)


@contextlib.contextmanager
def plugin(client: distributed.Client, folder: Path, name: str, *args: object) -> Iterator[None]:
    """The plugin ``name`` of PLUGINS, made with ``args``, on every worker for the ``with`` block."""
    (folder / "plugins.py").write_text(PLUGINS, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        import plugins

        client.upload_file(str(folder / "plugins.py"))
        made = getattr(plugins, name)(*args)
        client.register_plugin(made)
        try:
            yield
        finally:
            client.unregister_worker_plugin(made.name)
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop("plugins", None)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != manifest.NAME}


def lines(stderr: str) -> list[str]:
    """stderr but its last line (the summary, with the time the run took)."""
    return stderr.splitlines()[:-1]


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, distributed.Client]]:
    import distributed

    with distributed.LocalCluster(**LOCAL) as local, distributed.Client(local) as client:
        yield local.scheduler_address, client


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder ``texts`` of FILES texts (1 to 6 KB, some OCR'd, some ebooks, in subfolders), an
    empty one among them, the local run's TEI in ``local`` and its report ``local.json``."""
    base = tmp_path_factory.mktemp("collection")
    generated = generator()
    draw = random.Random(15)
    for number in range(FILES):
        layout = "ocr-paged" if number % 3 else "ebook"
        path = base / "texts" / f"shelf{number % 4}" / f"vol{number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated(layout, draw.uniform(0.001, 0.006), seed=number), encoding="utf-8")  # type: ignore[operator]
    (base / "texts" / "shelf0" / "empty.txt").write_text("\n", encoding="utf-8")
    done = teitools(base, "convert", "texts", "-o", "local", "-j", "2", "--report", "local.json")
    assert done.returncode == 1 and "empty.txt: IN001" in done.stderr, done.stderr
    (base / "local.stderr").write_text(done.stderr, encoding="utf-8")
    return base


def test_convert_on_the_cluster_writes_the_bytes_of_a_local_run(
        cluster: tuple[str, distributed.Client], collection: Path) -> None:
    address, _ = cluster
    done = teitools(collection, "convert", "texts", "-o", "remote", "--report", "remote.json",
                    "--scheduler", address)
    local = (collection / "local.stderr").read_text(encoding="utf-8")
    assert done.returncode == 1
    assert lines(done.stderr) == lines(local.replace("-> local/", "-> remote/"))
    assert done.stderr.splitlines()[-1].startswith(f"{FILES + 1} files: {FILES} converted, 1 failed; ")
    assert files(collection / "remote") == files(collection / "local")
    assert len(files(collection / "remote")) == FILES
    report = (collection / "remote.json").read_text(encoding="utf-8").replace('"remote/', '"local/')
    assert report == (collection / "local.json").read_text(encoding="utf-8")


def test_validate_on_the_cluster_reports_what_a_local_run_does(
        cluster: tuple[str, distributed.Client], collection: Path) -> None:
    address, _ = cluster
    shutil.copytree(collection / "local", collection / "checked")
    (collection / "checked" / "shelf1" / "vol0001.xml").write_text("<TEI>broken", encoding="utf-8")
    for fmt in ("text", "json"):
        here = teitools(collection, "validate", "checked", "-f", fmt, "-j", "2")
        there = teitools(collection, "validate", "checked", "-f", fmt, "--scheduler", address)
        assert (there.returncode, there.stdout) == (here.returncode, here.stdout)
        assert here.returncode == 1 and "vol0001.xml" in here.stdout and here.stdout.count("\n") > 1
    assert json.loads(there.stdout)["summary"]["files"] == FILES


def test_export_on_the_cluster_writes_the_bytes_of_a_local_run(
        cluster: tuple[str, distributed.Client], collection: Path) -> None:
    """HTML and plain text from the local run's TEI: the same files through the cluster, whose
    workers converted and validated before (see the test of a task thread's names below)."""
    address, _ = cluster
    for fmt in ("html", "text"):
        here = teitools(collection, "export", "local", "-f", fmt, "-o", f"{fmt}-here", "-j", "2")
        there = teitools(collection, "export", "local", "-f", fmt, "-o", f"{fmt}-there",
                         "--scheduler", address)
        assert (here.returncode, there.returncode) == (0, 0), there.stderr
        assert files(collection / f"{fmt}-there") == files(collection / f"{fmt}-here")
        assert len(files(collection / f"{fmt}-there")) == FILES


def test_a_worker_killed_in_the_middle_of_a_run_costs_nothing(
        cluster: tuple[str, distributed.Client], collection: Path) -> None:
    address, client = cluster
    (collection / "plugins.py").write_text(PLUGINS, encoding="utf-8")
    sys.path.insert(0, str(collection))
    try:
        import plugins  # type: ignore[import-not-found]

        client.upload_file(str(collection / "plugins.py"))
        client.register_plugin(plugins.Slow(0.03))
        before = client.run(os.getpid)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "teitools", "convert", "texts", "-o", "killed", "-q", "--scheduler",
                   address]
        out = collection / "killed"
        with subprocess.Popen(command, cwd=collection, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as run:
            deadline = time.monotonic() + 120
            while len(list(out.rglob("*.xml"))) < FILES // 5 and time.monotonic() < deadline:
                time.sleep(0.05)
            written = len(list(out.rglob("*.xml")))
            os.kill(sorted(before.values())[0], signal.SIGKILL)
            _, stderr = run.communicate(timeout=240)
        assert written < FILES // 2, "the run was nearly over before the worker was killed"
        assert run.returncode == 1 and "IN001" in stderr and "VAL001" not in stderr, stderr
        assert files(collection / "killed") == files(collection / "local")
        after = client.run(os.getpid)
        assert set(after.values()) != set(before.values())  # a new worker took the dead one's place
    finally:
        client.unregister_worker_plugin("slow")
        sys.path.remove(str(collection))


def test_an_input_that_kills_every_worker_is_reported_alone(tmp_path: Path) -> None:
    import dask
    import distributed

    for number in range(6):
        (tmp_path / "in" / f"book{number}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "in" / f"book{number}.txt").write_text(f"A letter, number {number}, to the harbour.\n",
                                                           encoding="utf-8")
    (tmp_path / "plugins.py").write_text(PLUGINS, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        import plugins

        # a worker holds only the task it runs, so that its death counts against that task alone
        quiet = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
        with dask.config.set(quiet), distributed.LocalCluster(**LOCAL) as local, \
                distributed.Client(local) as client:
            client.upload_file(str(tmp_path / "plugins.py"))
            client.register_plugin(plugins.Crash("book3.txt"))
            address = local.scheduler_address
            done = teitools(tmp_path, "convert", "in", "-o", "out", "-q", "--scheduler", address)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("plugins", None)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("in/book3.txt: VAL001 teitools crashed on this file (its workers died"), \
        done.stderr
    assert sorted(files(tmp_path / "out")) == [f"book{n}.xml" for n in (0, 1, 2, 4, 5)]


def test_no_scheduler_at_the_address_is_one_line_and_status_2(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("A letter to the harbour.\n", encoding="utf-8")
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "1s")
    done = teitools(tmp_path, "convert", "a.txt", "-o", "out", "--scheduler", "tcp://127.0.0.1:9")
    assert done.returncode == 2 and done.stderr.startswith("teitools: USE009 no Dask scheduler answers at "
                                                           "tcp://127.0.0.1:9"), done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_refused_connection_is_answered_at_once(tmp_path: Path) -> None:
    """Nothing listens on the port: USE009 without waiting out Dask's 30 s connect timeout."""
    (tmp_path / "a.txt").write_text("A letter to the harbour.\n", encoding="utf-8")
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    done = teitools(tmp_path, "convert", "a.txt", "-o", "out", "--scheduler", f"tcp://127.0.0.1:{port}")
    line = (f"teitools: USE009 no Dask scheduler answers at tcp://127.0.0.1:{port}: nothing listens on port "
            f"{port} of 127.0.0.1 (connection refused) (hint: ")
    assert done.returncode == 2 and done.stderr.startswith(line), done.stderr
    assert time.monotonic() - started < 15


def test_a_batch_that_no_scheduler_answers_is_refused_before_anything_is_done(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scheduler is asked first: a silent one is one line, before the plan or the manifest."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("A letter to the harbour.\n", encoding="utf-8")
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "1s")
    done = teitools(tmp_path, "convert", "a.txt", "b.txt", "-o", "out", "--incremental", "--scheduler",
                    "tcp://127.0.0.1:9")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("teitools: USE009 ") and len(done.stderr.splitlines()) == 1, done.stderr
    assert not (tmp_path / "out").exists()


def test_a_scheduler_address_that_cannot_work_is_one_line_and_status_2(tmp_path: Path) -> None:
    """No traceback, no waiting for a connection: a dashboard's web address, a port out of range,
    a host no name server knows."""
    (tmp_path / "a.txt").write_text("A letter to the harbour.\n", encoding="utf-8")
    hint = "(hint: give the scheduler's address as `dask scheduler` prints it, tcp://HOST:8786)"
    refused = {
        "http://127.0.0.1:8787": f"teitools: USE003 --scheduler: 'http://127.0.0.1:8787' is a web address (a "
                                 f"Dask dashboard's?), not a scheduler's {hint}",
        "tcp://127.0.0.1:99999": f"teitools: USE003 --scheduler: port 99999 of 'tcp://127.0.0.1:99999' is "
                                 f"not 1 to 65535 {hint}",
        "tcp://no-such-host.invalid:8786": "teitools: USE009 no Dask scheduler answers at "
                                           "tcp://no-such-host.invalid:8786: cannot find the host "
                                           "'no-such-host.invalid' (",
    }
    for address, line in refused.items():
        started = time.monotonic()
        done = teitools(tmp_path, "convert", "a.txt", "-o", "out", "--scheduler", address, timeout=60)
        assert done.returncode == 2 and done.stderr.startswith(line), done.stderr
        assert len(done.stderr.splitlines()) == 1 and time.monotonic() - started < 20, done.stderr
    env = teitools(tmp_path, "validate", "a.txt", env={"DASK_SCHEDULER_ADDRESS": "http://head:8787/status"})
    assert env.returncode == 2 and env.stderr == ("teitools: USE003 DASK_SCHEDULER_ADDRESS: 'http://head:8787"
                                                  f"/status' is a web address (a Dask dashboard's?), not a "
                                                  f"scheduler's {hint}\n"), env.stderr
    assert not (tmp_path / "out").exists()


def test_a_worker_that_cannot_enter_the_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(Unreachable, match="cannot enter"):
        _run_here(lambda item: item, str(tmp_path / "nowhere"), [])
    assert Path.cwd() != tmp_path / "nowhere"


def test_a_worker_that_cannot_enter_the_folder_stops_the_run_with_one_line(
        cluster: tuple[str, distributed.Client], tmp_path: Path) -> None:
    _, client = cluster
    folder = os.path.realpath(tmp_path)
    (tmp_path / "a.txt").write_text("A letter to the harbour.\n", encoding="utf-8")
    with plugin(client, tmp_path, "Elsewhere", folder):
        done = teitools(tmp_path, "convert", "a.txt", "-o", "out", "--scheduler", cluster[0])
    assert done.returncode == 2, done.stderr
    assert done.stderr == (f"teitools: IO012 worker {socket.gethostname()} cannot enter {folder}: No such "
                           "file or directory (hint: run teitools in a folder every worker mounts at the "
                           "same path)\n")
    assert not (tmp_path / "out").exists()


def test_a_worker_that_runs_another_teitools_stops_the_run_with_one_line(
        cluster: tuple[str, distributed.Client], tmp_path: Path) -> None:
    from teitools import __version__

    _, client = cluster
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("A letter to the harbour.\n", encoding="utf-8")
    with plugin(client, tmp_path, "Version", "0.0.9"):
        done = teitools(tmp_path, "validate", "a.txt", "b.txt", "--scheduler", cluster[0])
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"teitools: USE010 worker {socket.gethostname()} runs teitools 0.0.9, this is {__version__} (hint: "
        "install the same teitools on the workers as here)"), done.stderr


LXML_IN_A_THREAD = '''
import sys, threading
from pathlib import Path
import lxml.isoschematron  # the main thread parses (a Dask worker's, unpickling a validate task)
from lxml import etree
from teitools.batch import Item
from teitools.batch_dask import _run_here
from teitools.tasks import ExportTask

def first_an_element_then_export(item):
    etree.Element("x")  # the thread's first lxml call builds an element (as convert does)
    return ExportTask("html", {}, "", None, 1 << 20)(item)

def work():
    outcome = _run_here(first_an_element_then_export, ".", [Item(0, Path("a.xml"), Path("a.html"))])[2][0]
    print([d.to_text() for d in outcome.diagnostics])

thread = threading.Thread(target=work)  # a Dask worker's task thread
thread.start()
thread.join()
'''


def test_a_task_thread_exports_whatever_lxml_did_in_it_and_in_the_main_thread(tmp_path: Path) -> None:
    """lxml gives a thread whose first call builds an element a sub-dictionary of the main
    thread's names; libxslt then missed `$level` in the HTML stylesheet's `h{$level}` (EX002
    'Undefined variable'). A task on a cluster worker starts its thread's names afresh."""
    heading = '<div><head>Chapter</head><p>Text.</p></div>'
    tei = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
           '</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc>'
           f'</fileDesc></teiHeader><text><body>{heading}</body></text></TEI>')
    (tmp_path / "a.xml").write_text(tei, encoding="utf-8")
    (tmp_path / "thread.py").write_text(LXML_IN_A_THREAD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "thread.py"], cwd=tmp_path, capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stdout + done.stderr
    assert b"<h1" in (tmp_path / "a.html").read_bytes()
