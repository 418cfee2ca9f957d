"""khparse.dask.convert on a real cluster: a dask-scheduler and two dask-worker
processes on 127.0.0.1, started here and torn down whatever happens. The OUTDIR it
writes must equal `khparse batch`'s byte for byte (timings.jsonl aside, and the
journal's seconds column aside)."""
import filecmp
import json
import os
import signal
import subprocess
import sys
import time

import pytest

distributed = pytest.importorskip("distributed")
import khparse  # noqa: E402
import khparse.dask  # noqa: E402

PKG_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START_TIMEOUT = 60


def _spawn(args, env, log):
    return subprocess.Popen([sys.executable, "-m"] + args, env=env, cwd="/", stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)


def _stop(procs):
    for p in procs:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 15
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(timeout=5)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    d = tmp_path_factory.mktemp("cluster")
    sched_file = str(d / "scheduler.json")
    env = dict(os.environ)
    env["PYTHONPATH"] = PKG_DIR + os.pathsep + env.get("PYTHONPATH", "")
    env["KHPARSE_LIB"] = khparse.library_path()  # the workers load the same library
    env.setdefault("OMP_THREAD_LIMIT", "1")
    log = open(d / "cluster.log", "wb")
    procs = []
    try:
        procs.append(_spawn(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                             "--no-dashboard", "--scheduler-file", sched_file], env, log))
        deadline = time.monotonic() + START_TIMEOUT
        while not os.path.exists(sched_file):
            if time.monotonic() > deadline or procs[0].poll() is not None:
                pytest.fail("dask-scheduler did not start:\n" + open(d / "cluster.log").read())
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written in one go, but let it settle
        for i in range(2):
            procs.append(_spawn(["distributed.cli.dask_worker", "--scheduler-file", sched_file,
                                 "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                                 "--no-dashboard", "--name", "kh-worker-%d" % i,
                                 "--death-timeout", "60"], env, log))
        c = distributed.Client(scheduler_file=sched_file, timeout=START_TIMEOUT)
        try:
            c.wait_for_workers(2, timeout=START_TIMEOUT)
            info = c.scheduler_info()["workers"]
            assert len(info) == 2
            # two distinct worker processes
            pids = c.run(os.getpid)
            assert len(set(pids.values())) == 2
            yield c
        finally:
            c.close(timeout=10)
    finally:
        _stop(procs)
        log.close()


def _tree(root):
    out = {}
    for dp, _, files in os.walk(root):
        for f in files:
            p = os.path.join(dp, f)
            out[os.path.relpath(p, root)] = p
    return out


def _journal_without_seconds(path):
    with open(path, "rb") as f:
        return [line.split(b"\t", 1)[-1] for line in f]


def _same_outdir(a, b):
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb)
    for rel in ta:
        if rel == "timings.jsonl":
            continue
        if rel == ".khparse-state.jsonl":
            assert _journal_without_seconds(ta[rel]) == _journal_without_seconds(tb[rel])
            continue
        assert filecmp.cmp(ta[rel], tb[rel], shallow=False), rel


def test_dask_equals_batch(client, archive, cli, monkeypatch):
    monkeypatch.chdir(archive.parent)  # relative inputs, as a user would type them
    r = subprocess.run([cli, "batch", "archive", "-o", "out_cli", "-j", "2", "-q"])
    s = khparse.dask.convert(["archive"], "out_dask", client, progress=False)
    assert s["done"] == s["total"] > 5 and not s["interrupted"]
    index = [json.loads(l) for l in open("out_dask/index.jsonl", encoding="utf-8", errors="surrogateescape")]
    assert s["failed"] == sum(e["status"] != "ok" for e in index)
    assert r.returncode == (1 if s["failed"] else 0)
    _same_outdir("out_cli", "out_dask")
    assert [e["path"] for e in index] == sorted(e["path"] for e in index)
    assert all(e["status"] in ("ok", "invalid", "failed") for e in index)
    assert not any("loop" in e["path"] or ".hidden" in e["path"] for e in index)


def test_dask_resumes_what_batch_started(client, archive, cli, monkeypatch):
    monkeypatch.chdir(archive.parent)
    subprocess.run([cli, "batch", "archive", "-o", "out", "-j", "2", "-q"])
    (archive / "a" / "sample.txt").write_text("Số: 99/KH-UBND\nthay đổi\n", encoding="utf-8")
    s = khparse.dask.convert(["archive"], "out", client, progress=False)
    timings = [json.loads(l) for l in open("out/timings.jsonl", encoding="utf-8", errors="surrogateescape")]
    redone = sorted(t["path"] for t in timings if not t["skipped"])
    # the changed file, and the failed ones (retried), nothing else
    index = {e["path"]: e for e in map(json.loads, open("out/index.jsonl", encoding="utf-8", errors="surrogateescape"))}
    assert "archive/a/sample.txt" in redone
    assert all(p == "archive/a/sample.txt" or index[p]["status"] == "failed" for p in redone)
    assert s["skipped"] == s["total"] - len(redone)
    # and the result equals a fresh batch run
    subprocess.run([cli, "batch", "archive", "-o", "fresh", "-j", "1", "-q"])
    for name in ("index.jsonl", "tasks.csv"):
        assert open("out/" + name, "rb").read() == open("fresh/" + name, "rb").read()


def test_khparse_dask_command(client, archive, cli, monkeypatch):
    monkeypatch.chdir(archive.parent)
    addr = client.scheduler.address
    rc = khparse.dask.main(["archive", "-o", "out_cmd", "--scheduler", addr, "-q"])
    r = subprocess.run([cli, "batch", "archive", "-o", "out_cli2", "-q"])
    assert rc == r.returncode
    assert open("out_cmd/index.jsonl", "rb").read() == open("out_cli2/index.jsonl", "rb").read()
    assert open("out_cmd/tasks.csv", "rb").read() == open("out_cli2/tasks.csv", "rb").read()


def test_failing_chunks_are_isolated_into_error_records(client, archive, monkeypatch):
    """A chunk whose task fails (here: every task, through a bad option) is retried input
    by input; each input then gets its own `failed` record and the run completes."""
    monkeypatch.chdir(archive.parent)
    s = khparse.dask.convert(["archive"], "out_bad", client, progress=False,
                             options={"encoding": "no-such-encoding"})
    assert s["done"] == s["total"] == s["failed"] and not s["interrupted"]
    index = [json.loads(l) for l in open("out_bad/index.jsonl", encoding="utf-8", errors="surrogateescape")]
    assert len(index) == s["total"]
    assert all(e["status"] == "failed" for e in index)
    assert all(e["error"].startswith("worker error: ValueError") for e in index
               if e["error"] != "No such file or directory")
