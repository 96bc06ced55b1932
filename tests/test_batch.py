"""Batch mode on a real dask.distributed LocalCluster (two worker processes).

The big test lints a 20,000-article archive built from the shared corpora and
checks every row against ``lint_text`` run article by article, while one
worker is killed mid-run; the others check error rows, resuming, the CLI's
one-line errors, the notebook API and grammar with a LanguageTool server
that goes away mid-run.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from editlint import batch
from editlint.engine import lint_text

from .conftest import ROOT, needs_shared, run_cli

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
distributed = pytest.importorskip("distributed")

sys.path.insert(0, str(ROOT / "bench"))
import archive  # noqa: E402  (bench/archive.py: the archive builder shared with the benchmark)

_ALERT_FIELDS = ("id", "row", "rule", "level", "line", "column", "end_line", "end_column", "match", "message", "suggestions")


def _cluster(n=2):
    import logging

    cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
    return cluster, distributed.Client(cluster)


@pytest.fixture(scope="module")
def client():
    cluster, client = _cluster(2)
    yield client
    client.close()
    cluster.close()


def _expected_rows(rows, config):
    """What lint_text says, article by article (each distinct text linted once)."""
    memo = {}
    out = []
    for row, (ident, text, fmt) in enumerate(rows):
        if not isinstance(text, str) or fmt not in batch.FORMATS:
            continue
        kind = batch.FORMATS[fmt]
        if (text, kind) not in memo:
            memo[text, kind] = [(a.rule, a.severity, a.line, a.column, a.end_line, a.end_column, a.match, a.message, list(a.suggestions))
                                for a in lint_text(text, config, fmt=kind)]
        out += [(ident, row, *a) for a in memo[text, kind]]
    return out


def _table_rows(path):
    t = pq.read_table(path)
    return [tuple(r[f] for f in _ALERT_FIELDS) for r in t.to_pylist()]


@needs_shared("corpora", "onestopenglish")
def test_a_20000_article_archive_equals_lint_text_even_when_a_worker_is_killed(tmp_path):
    src = tmp_path / "archive.parquet"
    rows = archive.write_archive(str(src), 20_000, distinct=2_500, corrupt=True)
    assert len(rows) == 20_004
    cluster, client = _cluster(2)
    killed = []

    def kill_one(done):
        # Mid-run, with partitions in flight on both workers: SIGKILL one worker process.
        if done == 5 and not killed:
            pids = client.run(os.getpid)
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    try:
        report = batch.run_batch([str(src)], str(tmp_path / "alerts.parquet"), text_column="body", id_column="id", format_column="fmt",
                                 partition_rows=500, client=client, on_partition=kill_one, progress=False)
        after = set(client.run(os.getpid).values())
    finally:
        client.close()
        cluster.close()
    assert killed and killed[0] not in after, "the worker was not killed"

    summary = pq.read_table(tmp_path / "alerts.summary.parquet").to_pylist()
    # Complete and duplicate-free: every input row exactly once, in order.
    assert [s["row"] for s in summary] == list(range(len(rows)))
    assert [s["id"] for s in summary] == [r[0] for r in rows]
    assert report.articles == len(rows) and report.partitions == 41
    assert not (tmp_path / "alerts.parquet.parts").exists()

    # Identical to lint_text, article by article.
    assert _table_rows(tmp_path / "alerts.parquet") == _expected_rows(rows, batch.default_config())

    by_id = {s["id"]: s for s in summary}
    assert by_id["bad-0"]["status"] == "error" and by_id["bad-0"]["problem"] == "no text"
    assert by_id["bad-1"]["status"] == "error" and "not valid UTF-8 (byte 0xe9 at offset 3)" in by_id["bad-1"]["problem"]
    assert by_id["bad-2"]["status"] == "ok" and by_id["bad-2"]["alerts"] == 0
    assert by_id["bad-3"]["status"] == "error" and "unknown format 'docx'" in by_id["bad-3"]["problem"]
    assert report.error_rows == 3
    ok = [s for s in summary if s["status"] == "ok" and s["words"]]
    assert all(s["sentences"] >= 1 and s["grade"] is not None for s in ok)
    assert sum(s["alerts"] for s in ok) == report.alerts


def _small_archive(tmp_path, n=1_000, suffix=".parquet"):
    src = tmp_path / f"small{suffix}"
    rows = [(f"s{i}", f"Paragraph {i}. Many experts say it is very, very important to act.\n\nSome say otherwise.", "md") for i in range(n)]
    if suffix == ".parquet":
        pq.write_table(pa.table({"id": [r[0] for r in rows], "body": [r[1] for r in rows]}), src)
    return src, rows


def test_an_interrupted_run_resumes_with_the_committed_partitions_and_the_same_output(tmp_path, client):
    src, rows = _small_archive(tmp_path)
    out = tmp_path / "alerts.parquet"

    def stop(done):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.run_batch([str(src)], str(out), text_column="body", partition_rows=100, client=client, on_partition=stop, progress=False)
    parts = tmp_path / "alerts.parquet.parts"
    committed = sorted(p.name for p in parts.glob("part-*.summary.parquet"))
    assert len(committed) >= 3 and not out.exists()
    time.sleep(1.0)  # partitions still in flight when the run stopped may commit now: they are kept too

    report = batch.run_batch([str(src)], str(out), text_column="body", partition_rows=100, client=client, progress=False)
    assert report.skipped_partitions >= 3 and report.articles == len(rows)
    resumed = out.read_bytes()
    fresh = tmp_path / "fresh.parquet"
    batch.run_batch([str(src)], str(fresh), text_column="body", partition_rows=100, client=client, progress=False)
    assert pq.read_table(out).equals(pq.read_table(fresh))
    assert pq.read_table(tmp_path / "alerts.summary.parquet").equals(pq.read_table(tmp_path / "fresh.summary.parquet"))
    assert len(resumed) > 0


def test_parts_of_a_different_job_are_refused_not_mixed_in(tmp_path, client):
    src, _ = _small_archive(tmp_path, 300)
    out = tmp_path / "alerts.parquet"
    batch.run_batch([str(src)], str(out), text_column="body", partition_rows=100, client=client, progress=False, keep_parts=True)
    pq.write_table(pa.table({"id": ["x"], "body": ["Changed archive."]}), src)
    with pytest.raises(batch.BatchError, match="different job"):
        batch.run_batch([str(src)], str(out), text_column="body", partition_rows=100, client=client, progress=False)
    report = batch.run_batch([str(src)], str(out), text_column="body", partition_rows=100, client=client, progress=False, restart=True)
    assert report.articles == 1 and pq.read_table(tmp_path / "alerts.summary.parquet").column("id").to_pylist() == ["x"]


def test_bad_jsonl_rows_become_error_rows_through_the_cli(tmp_path):
    lines = [
        json.dumps({"id": 1, "body": "Critics say the plan is very bad.", "fmt": "txt"}).encode(),
        b'{"id": 2, "body": "broken',
        b'{"id": 3, "body": "Caf\xe9"}',
        json.dumps({"id": 4, "text": "wrong field"}).encode(),
        json.dumps({"id": 5, "body": "x " * 20_000}).encode(),
        json.dumps({"id": 6, "body": 42}).encode(),
        json.dumps({"id": 7, "body": "# Title\n\nIt is widely believed that this works."}).encode(),
        json.dumps(["not", "an", "object"]).encode(),
        b'{"id": "\\ud800x", "body": "Lone \\ud800 surrogate."}',
        json.dumps({"id": 10, "body": "y" * 200_000}).encode(),
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    r = run_cli("batch", "-i", src, "--text-column", "body", "--format-column", "fmt", "-o", tmp_path / "out.jsonl", "-w", "1",
                "--max-article-size", "0.02", "--partition-rows", "3", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert "10 articles" in r.stderr.decode() and "8 error rows" in r.stderr.decode(), r.stderr.decode()
    summary = [json.loads(x) for x in (tmp_path / "out.summary.jsonl").read_text().splitlines()]
    assert [s["row"] for s in summary] == list(range(10))
    problems = [s["problem"] for s in summary]
    assert problems[0] is None and problems[6] is None
    assert "line 2: not a JSON object" in problems[1]
    assert "line 3: not a JSON object" in problems[2]  # bytes that are not UTF-8 break the line's JSON
    assert "no 'body' field" in problems[3]
    assert "over the 0.02 MB limit" in problems[4]
    assert "line 6: text is a int, not a string" in problems[5]
    assert "line 8: not a JSON object" in problems[7]
    assert "unpaired surrogate (U+D800 at offset 5)" in problems[8] and summary[8]["id"] == "?x"
    assert "line 10: 0.191 MB, longer than any article under the limit" in problems[9]
    alerts = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert {a["id"] for a in alerts} == {"1", "7"}
    assert all(isinstance(a["suggestions"], list) for a in alerts)


def test_csv_with_a_ragged_row_and_bytes_that_are_not_utf8(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b'id,body\n1,"Experts say it works, apparently."\n2,"Caf\xe9 rates"\n3,too,many,fields\n4,"Fine, plain text."\n\xff5,"An id that is not UTF-8."\n')
    r = run_cli("batch", "-i", src, "--text-column", "body", "-o", tmp_path / "out.csv", "-w", "1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    from pyarrow import csv

    summary = csv.read_csv(tmp_path / "out.summary.csv").to_pylist()
    assert len(summary) == 5
    assert any(s["id"] == "\ufffd5" and s["status"] == "ok" for s in summary)  # a bad byte in an id is replaced, the row kept
    by_problem = [s["problem"] for s in summary if s["status"] == "error"]
    assert any("not valid UTF-8" in p for p in by_problem)
    assert any("CSV line" in p and "expected 2 columns, found 4" in p for p in by_problem)
    assert csv.read_csv(tmp_path / "out.csv").num_rows >= 1


@pytest.mark.parametrize("args,message", [
    (["-i", "missing.parquet", "-o", "o.parquet"], "missing.parquet: no such file"),
    (["-i", "in.parquet", "-o", "o.parquet", "--text-column", "content"], "no column 'content'"),
    (["-i", "in.parquet", "-o", "o.xlsx"], "cannot tell the output format"),
    (["-i", "in.txt", "-o", "o.parquet"], "cannot tell the format from the suffix"),
    (["-i", "in.parquet", "-o", "nowhere/o.parquet"], "does not exist"),
    (["-i", "broken.parquet", "-o", "o.parquet"], "cannot read it as parquet"),
    (["-i", "*.nothing", "-o", "o.parquet"], "no file matches"),
])
def test_a_batch_that_cannot_start_says_why_in_one_line(tmp_path, args, message):
    pq.write_table(pa.table({"id": ["a"], "text": ["Hello."]}), tmp_path / "in.parquet")
    (tmp_path / "in.txt").write_text("x")
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    r = run_cli("batch", *args, cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_lint_table_and_the_dask_dataframe_helper_agree_with_lint_text():
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    texts = ["Some say the plan is very good.", "# Head\n\nIt is believed that it works.", "Plain, clean sentence."]
    frame = pd.DataFrame({"slug": ["a", "b", "c"], "body": texts})
    alerts, summary = batch.lint_table(frame, text_column="body", id_column="slug")
    expected = [(i, a.rule, a.line, a.column) for i, t in zip("abc", texts) for a in lint_text(t, batch.default_config())]
    assert [(r["id"], r["rule"], r["line"], r["column"]) for r in alerts.to_pylist()] == expected
    assert summary.column("status").to_pylist() == ["ok"] * 3 and summary.column("words").to_pylist()[0] == 7
    lazy = batch.lint_dataframe(dd.from_pandas(frame, npartitions=2), text_column="body", id_column="slug")
    got = lazy.compute(scheduler="sync")
    assert sorted(zip(got["id"], got["rule"], got["line"], got["column"])) == sorted(expected)
    with pytest.raises(batch.BatchError, match="no column 'text'"):
        batch.lint_table(frame)


def test_grammar_at_scale_completes_and_counts_the_articles_a_lost_server_left_without_grammar(tmp_path):
    from editlint.config import ConfigLoader, Overrides
    from editlint.languagetool.server import Server, installed_dir

    if installed_dir() is None:
        pytest.fail("LanguageTool is not installed: run `editlint languagetool install` (scripts/test does)")
    src = tmp_path / "in.parquet"
    n = 60
    pq.write_table(pa.table({"id": [f"g{i}" for i in range(n)], "text": [f"This are a mistake number {i}. He go home." for i in range(n)]}), src)
    settings = ConfigLoader(Overrides(grammar=True), cwd=str(tmp_path)).settings_for(str(tmp_path / "article.md"))
    server = Server()
    server.start()
    cluster, client = _cluster(1)
    try:
        def lose(done):
            if done == 2:
                server.stop()

        report = batch.run_batch([str(src)], str(tmp_path / "out.parquet"), settings=settings, grammar_urls=(server.url,), partition_rows=10,
                                 client=client, on_partition=lose, progress=False)
    finally:
        client.close()
        cluster.close()
        server.stop()
    summary = pq.read_table(tmp_path / "out.summary.parquet").to_pylist()
    assert len(summary) == n and all(s["status"] == "ok" for s in summary)
    states = [s["grammar"] for s in summary]
    assert states[:20] == ["on"] * 20
    assert "missing" in states[20:] and report.missing_grammar == states.count("missing")
    assert f"{report.missing_grammar:,} without grammar" in report.line()
    rules = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert any(a["rule"].startswith("LanguageTool.") and a["id"] == "g0" for a in rules)


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    pq.write_table(pa.table({"id": ["a"], "text": ["Hello."]}), tmp_path / "in.parquet")
    r = run_cli("batch", "-i", "in.parquet", "-o", "o.parquet", "--scheduler", "tcp://127.0.0.1:9", cwd=tmp_path)
    err = r.stderr.decode()
    assert r.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid``."""
    kids: dict[int, list[int]] = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                ppid = int((p / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(p.name))
    out, todo = set(), [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def test_ctrl_c_stops_the_run_and_its_workers_and_the_next_run_resumes(tmp_path):
    import subprocess

    src, rows = _small_archive(tmp_path, 3_000)
    exe = Path(sys.executable).parent / "editlint"
    cmd = [str(exe), "batch", "-i", str(src), "--text-column", "body", "-o", str(tmp_path / "out.parquet"), "-w", "2", "--partition-rows", "100"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parts = tmp_path / "out.parquet.parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("part-*.summary.parquet"))) < 3:
        time.sleep(0.2)
    family = _children(proc.pid)
    assert family, "the run started no worker processes"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in family):
        time.sleep(0.2)
    assert not [p for p in family if Path(f"/proc/{p}").exists() and "zombie" not in Path(f"/proc/{p}/status").read_text().lower()]
    done = len(list(parts.glob("part-*.summary.parquet")))
    assert 3 <= done < 30
    r = run_cli(*cmd[1:], cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert "partition(s) already done" in r.stderr.decode()
    assert pq.read_table(tmp_path / "out.summary.parquet").column("row").to_pylist() == list(range(len(rows)))
