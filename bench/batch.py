"""Benchmark: `editlint batch` throughput with 1 and 2 workers, and memory per worker.

    python bench/batch.py [--articles 20000] [--large 200000]

Builds archives from the shared corpora (bench/archive.py), then, on a
dask.distributed LocalCluster started before the clock runs (so cluster
start-up and the workers' first imports are not counted; a warm-up partition
runs first), times ``run_batch`` over ``--articles`` articles with 1 and with
2 worker processes (grammar off) and reports articles per second and the
speed-up (target: at least 1.8x on 2 cores).  Then it lints the ``--large``
archive on 2 workers and compares each worker's peak resident memory with the
20,000-article run (target: flat).  Nothing here is a test.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def run(src: str, out: str, workers: int, partition_rows: int, timeline: list | None = None) -> tuple[float, int, list[float]]:
    """(seconds, articles, peak RSS per worker in MB) for one batch run on a fresh cluster;
    ``timeline`` gets (partitions done, largest worker RSS) every 40 partitions."""
    from distributed import Client, LocalCluster

    from editlint import batch

    # Every run starts with a cold word cache of its own, as a fresh worker
    # machine does: peaks then compare like with like (a warm cache never
    # loads wordfreq or textstat, a cold one does, once).
    cache = os.environ["EDITLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="editlint-bench-cache-")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        warm = os.path.join(os.path.dirname(out), f"warm{workers}.parquet")
        batch.run_batch([src + ".warm.parquet"], warm, text_column="body", format_column="fmt", partition_rows=50, client=client, progress=False)
        t0 = time.perf_counter()
        def sample(done):
            if timeline is not None and done % 40 == 0:
                timeline.append((done, max(client.run(_rss_mb).values())))

        report = batch.run_batch([src], out, text_column="body", format_column="fmt", partition_rows=partition_rows, client=client,
                                 progress=False, restart=True, on_partition=sample)
        seconds = time.perf_counter() - t0
        peaks = sorted(client.run(_peak_rss_mb).values())
    finally:
        client.close()
        cluster.close()
        shutil.rmtree(cache, ignore_errors=True)
    return seconds, report.articles, peaks


def main() -> int:
    import archive

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--large", type=int, default=200_000)
    ap.add_argument("--partition-rows", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        small, large = os.path.join(d, "small.parquet"), os.path.join(d, "large.parquet")
        archive.write_archive(small, args.articles, seed=1)
        for src in (small, large):
            archive.write_archive(src + ".warm.parquet", 200 * os.cpu_count(), seed=99)
        print(f"archive: {args.articles:,} articles from the shared corpora (1-3 paragraphs each)")
        results = {}
        for workers in (1, 2):
            seconds, n, peaks = run(small, os.path.join(d, f"out{workers}.parquet"), workers, args.partition_rows)
            results[workers] = (seconds, n, peaks)
            print(f"  {workers} worker(s): {n / seconds:7.0f} articles/s  ({seconds:.1f} s)  peak RSS per worker {', '.join(f'{p:.0f}' for p in peaks)} MB")
        speedup = results[1][0] / results[2][0]
        print(f"  speed-up 1 -> 2 workers: {speedup:.2f}x  (target >= 1.8x)")
        same = Path(d, "out1.parquet").read_bytes() == Path(d, "out2.parquet").read_bytes()
        print(f"  outputs of the two runs identical: {same}")
        if args.large:
            archive.write_archive(large, args.large, seed=2)
            timeline: list = []
            seconds, n, peaks = run(large, os.path.join(d, "outL.parquet"), 2, args.partition_rows, timeline)
            marks = timeline[:: max(1, len(timeline) // 5)] + timeline[-1:]
            print("  worker RSS during the large run: " + ", ".join(f"{done * args.partition_rows:,} articles {mb:.0f} MB" for done, mb in marks))
            print(f"  {n:,} articles on 2 workers: {n / seconds:7.0f} articles/s ({seconds:.0f} s)  peak RSS per worker {', '.join(f'{p:.0f}' for p in peaks)} MB")
            grow = max(peaks) / max(results[2][2])
            print(f"  peak RSS per worker, {args.large:,} vs {args.articles:,} articles: {grow:.2f}x  (target: flat)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
