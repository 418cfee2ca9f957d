"""Archive conversion on a dask.distributed cluster.

    from dask.distributed import Client
    import khparse.dask
    with Client("tcp://scheduler:8786") as client:
        summary = khparse.dask.convert(["/archive"], "/out", client)

Gives the same OUTDIR as `khparse batch /archive -o /out` (same JSON bytes, same
index.jsonl and tasks.csv; the resume journal is shared, so either tool can finish
what the other started). Workers read the inputs and write the JSON outputs
themselves, so inputs and OUTDIR must be on a filesystem every worker sees (NFS,
Lustre, …); the client writes index.jsonl / tasks.csv / timings.jsonl in path order.
Each worker process loads libkhparse once and keeps one parser per worker thread.
"""
import argparse
import os
import signal
import sys
import time

from . import _batch


def _run_chunk(chunk, out_dir, pretty, options):
    # Runs on a worker. chunk: [(input, absolute path, rel, preset_error, prev_state_entry)].
    return [_batch.process(inp, rel, err, out_dir, prev, pretty, options, read_path=path)
            for inp, path, rel, err, prev in chunk]


def _chunks(items, state, max_files, max_bytes):
    """Groups consecutive inputs so that small text files travel together (the
    scheduler's per-task overhead would dominate) and big scans go alone."""
    chunk, size = [], 0
    for inp, rel, err in items:
        try:
            n = os.stat(inp).st_size
        except OSError:
            n = 0
        if chunk and (len(chunk) >= max_files or size + n > max_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append((inp, os.path.abspath(inp), rel, err, state.get(rel)))
        size += n
    if chunk:
        yield chunk


def convert(paths, out_dir, client, *, pretty=False, options=None, chunk_files=64,
            chunk_bytes=1 << 20, progress=None):
    """Converts files/directories `paths` into out_dir using the Dask `client`.

    Returns {"total", "done", "failed", "skipped", "seconds", "interrupted"}.
    options: Parser keyword options (as khparse.Parser); a non-empty dict makes the
    resume journal incompatible with a `khparse batch` run without the same options.
    progress: None (a line on stderr if it is a terminal), True or False.
    """
    from dask.distributed import as_completed

    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    paths = [os.fsdecode(p) for p in paths]
    out_dir = os.fsdecode(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    header = _batch.state_header()
    if options:
        header += "".join(" --%s=%s" % (k, v) for k, v in sorted(options.items()))
    if pretty:
        header += " --pretty"
    items = _batch.expand(paths, out_dir)
    state, same = _batch.load_state(out_dir, header)
    journal = open(os.path.join(out_dir, _batch.STATE_NAME), "a" if same else "w",
                   encoding="utf-8", errors="surrogateescape", newline="\n")
    if not same:
        journal.write(header + "\n")
        journal.flush()
    if progress is None:
        progress = sys.stderr.isatty()

    results = {}
    t0 = time.monotonic()
    interrupted = False
    work_dir = os.path.abspath(out_dir)  # workers may run in another directory
    chunk_of = {}

    def submit(chunk):
        f = client.submit(_run_chunk, chunk, work_dir, pretty, options, pure=False)
        chunk_of[f] = chunk
        return f

    futures = [submit(c) for c in _chunks(items, state, chunk_files, chunk_bytes)]
    done = failed = skipped = pages = 0
    try:
        ac = as_completed(futures)
        for fut in ac:
            chunk = chunk_of.pop(fut)
            try:
                batch = fut.result()
            except Exception as e:  # a worker died (KilledWorker) or the task raised
                if len(chunk) > 1:
                    # Isolate the culprit: retry each input of the chunk on its own.
                    for one in chunk:
                        ac.add(submit([one]))
                    continue
                inp, _, rel, _, _ = chunk[0]
                msg = "worker error: %s: %s" % (type(e).__name__, e)
                batch = [{"rel": rel, "index_line": _batch.index_line(rel, inp, "failed", None, -1, msg),
                          "csv": "", "pages": -1, "failed": True, "skipped": False, "seconds": 0.0}]
            for r in batch:
                results[r["rel"]] = r
                done += 1
                failed += r["failed"]
                pages += max(r["pages"], 0)
                if r["skipped"]:
                    skipped += 1
                else:
                    journal.write(_batch.journal_line(r))
            journal.flush()
            if progress:
                el = time.monotonic() - t0
                rate = (done - skipped) / el if el > 0 else 0
                sys.stderr.write("\r\033[K%d/%d files, %d pages, %.1f files/s" % (done, len(items), pages, rate))
    except KeyboardInterrupt:
        interrupted = True
        client.cancel(list(chunk_of))
    finally:
        journal.close()
        if progress:
            sys.stderr.write("\n")
    _batch.write_outputs(out_dir, items, results, state, header)
    return {"total": len(items), "done": done, "failed": failed, "skipped": skipped,
            "seconds": time.monotonic() - t0, "interrupted": interrupted}


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="khparse-dask",
        description="Convert an archive on a Dask cluster (same OUTDIR as `khparse batch`).")
    ap.add_argument("inputs", nargs="+", help="files, directories, or - for a list on stdin")
    ap.add_argument("-o", "--output", required=True, help="output directory")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--scheduler", help="address of a running scheduler (tcp://host:8786) "
                   "or a scheduler file (JSON written by dask-scheduler --scheduler-file)")
    g.add_argument("--local", type=int, metavar="N", default=None,
                   help="start a local cluster of N worker processes (default: CPUs)")
    ap.add_argument("--pretty", action="store_true", help="indent JSON")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    a = ap.parse_args(argv)

    paths = []
    for p in a.inputs:
        if p == "-":
            paths.extend(line.rstrip("\r\n") for line in sys.stdin if line.strip())
        else:
            paths.append(p)

    from dask.distributed import Client, LocalCluster
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # Slurm's time limit: stop cleanly
    cluster = None
    if a.scheduler and os.path.isfile(a.scheduler):
        client = Client(scheduler_file=a.scheduler)
    elif a.scheduler:
        client = Client(a.scheduler)
    else:
        cluster = LocalCluster(n_workers=a.local or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        s = convert(paths, a.output, client, pretty=a.pretty, progress=False if a.quiet else None)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if s["failed"]:
        print("khparse-dask: %d of %d inputs failed (see %s/index.jsonl)"
              % (s["failed"], s["total"], a.output), file=sys.stderr)
    if s["interrupted"] or s["done"] < s["total"]:
        print("khparse-dask: interrupted: %d of %d inputs done; run the same command again to finish"
              % (s["done"], s["total"]), file=sys.stderr)
        return 130
    return 1 if s["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
