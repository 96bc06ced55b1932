"""Batch mode: lint a table of articles (Parquet, JSON Lines, CSV) on Dask.

An edge around the pure core.  The driver streams the input through pyarrow
in partitions of ``partition_rows`` rows (never the whole archive in memory)
and hands each partition to a ``dask.distributed`` worker, at most a few per
worker at a time.  A worker plugin holds the rule configuration, unpickled
once per worker, and the grammar checker, opened once per worker.  Each
partition is written as two Parquet files (alerts and per-article summary)
under ``<output>.parts/`` — first to a temporary name, then renamed, the
summary last — so a partition is either committed whole or not at all.  When
the engine retries a partition on another worker (its first worker died) the
same names are written again: no duplicate and no missing rows.  A re-run
skips the partitions already committed.  At the end the parts are merged, in
input order, into the output table and the summary table.

A bad row (no text, not UTF-8, an enormous article, an unknown format, a line
of JSON that does not parse) becomes an error row in the summary; it never
fails the job.  :func:`lint_table` is the same per-article work for a table
already in memory (a notebook, a pipeline), and :func:`lint_dataframe` maps it
over a Dask DataFrame.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: The input formats by file suffix.
INPUT_KINDS = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
#: The output formats by file suffix.
OUTPUT_KINDS = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".csv": "csv"}
#: The format column's values and what they mean (anything else is an error row).
FORMATS = {"md": "markdown", "markdown": "markdown", "mdx": "markdown", "txt": "text", "text": "text", "plain": "text"}
DEFAULT_PARTITION_ROWS = 500
DEFAULT_MAX_ARTICLE_BYTES = 4 * 1024 * 1024
_PLUGIN = "editlint"
_MANIFEST = "job.json"
_LEVELS = ("error", "warning", "suggestion")


class BatchError(Exception):
    """A batch job that cannot start (bad input, column, output): one line, exit 2."""


def alert_schema():
    """The alerts table: one row per alert."""
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()), ("row", pa.int64()), ("rule", pa.string()), ("level", pa.string()),
        ("line", pa.int32()), ("column", pa.int32()), ("end_line", pa.int32()), ("end_column", pa.int32()),
        ("match", pa.string()), ("message", pa.string()), ("suggestions", pa.list_(pa.string())),
    ])


def summary_schema():
    """The summary table: one row per article (error rows included)."""
    import pyarrow as pa

    return pa.schema([
        ("id", pa.string()), ("row", pa.int64()), ("status", pa.string()), ("problem", pa.string()),
        ("words", pa.int32()), ("sentences", pa.int32()), ("alerts", pa.int32()),
        ("errors", pa.int32()), ("warnings", pa.int32()), ("suggestions", pa.int32()),
        ("flesch_reading_ease", pa.float64()), ("grade", pa.float64()), ("grammar", pa.string()),
    ])


# -- the per-article work (pure: no files, no engine) ---------------------------------------------


def _mb(n: int) -> str:
    return f"{n / 1048576:.3g} MB"


def _text_of(value, max_bytes: int) -> tuple[str | None, str | None]:
    """(text, problem): a row's text as ``str``, or why it cannot be linted."""
    if value is None:
        return None, "no text"
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        if len(data) > max_bytes:
            return None, f"article is {_mb(len(data))}, over the {_mb(max_bytes)} limit (--max-article-size)"
        try:
            value = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return None, f"text is not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})"
    elif not isinstance(value, str):
        return None, f"text is a {type(value).__name__}, not a string"
    if len(value) > max_bytes or len(value.encode("utf-8", "surrogatepass")) > max_bytes:
        return None, f"article is over the {_mb(max_bytes)} limit (--max-article-size)"
    if "\x00" in value:
        return None, "text contains NUL characters (binary data?)"
    return value, None


def _figures(doc) -> tuple[int, int, float | None, float | None]:
    """Words, sentences, Flesch reading ease and Flesch-Kincaid grade of a document's prose."""
    from ..language.readability import figures

    f = figures(doc.prose, len(doc.sentences), {"syllables"})
    if not f.words or not f.sentences:
        return f.words, f.sentences, None, None
    wps, spw = f.words / f.sentences, f.syllables / f.words
    return f.words, f.sentences, round(206.835 - 1.015 * wps - 84.6 * spw, 2), round(0.39 * wps + 11.8 * spw - 15.59, 2)


@dataclass
class _Columns:
    """Column-wise output being built (cheaper than a dict per alert)."""

    names: tuple[str, ...]
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        self.data = {n: [] for n in self.names}

    def add(self, *values) -> None:
        for n, v in zip(self.names, values):
            self.data[n].append(v)


def lint_rows(rows, config, *, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES, grammar=None, default_format: str = "markdown"):
    """Lint ``rows`` — ``(row, id, text, fmt, problem)`` tuples — with ``config``.

    Returns ``(alerts, summary)`` as pyarrow tables.  ``grammar`` is an
    optional :class:`~editlint.languagetool.grammar.GrammarChecker`-like
    callable; when it fails the article is linted without it and its summary
    says ``grammar: missing``.
    """
    import pyarrow as pa

    from ..engine import lint_text

    alerts = _Columns(tuple(alert_schema().names))
    summary = _Columns(tuple(summary_schema().names))
    for row, ident, value, fmt, problem in rows:
        ident = None if ident is None else str(ident)
        text = None
        if problem is None:
            text, problem = _text_of(value, max_bytes)
        kind = default_format
        if problem is None and fmt not in (None, ""):
            kind = FORMATS.get(str(fmt).strip().lower())
            if kind is None:
                problem = f"unknown format {str(fmt)[:40]!r} (use one of: {', '.join(sorted(FORMATS))})"
        if problem is not None:
            summary.add(ident, row, "error", problem, None, None, None, None, None, None, None, None, None)
            continue
        grammar_state = "off"
        cfg = config
        if grammar is not None and grammar.available():
            from dataclasses import replace

            cfg = replace(config, extra=(grammar.checker,))
            grammar_state = "on"
        unavailable = grammar.unavailable if grammar is not None else ()
        try:
            try:
                result = lint_text(text, cfg, path=ident or f"row {row}", fmt=kind)
            except unavailable as e:
                grammar.lost(e)
                grammar_state = "missing"
                result = lint_text(text, config, path=ident or f"row {row}", fmt=kind)
        except Exception as e:  # noqa: BLE001 - one article's failure must not fail the job
            summary.add(ident, row, "error", f"internal error: {type(e).__name__}: {e}"[:500], None, None, None, None, None, None, None, None, None)
            continue
        if grammar_state == "off" and grammar is not None and grammar.wanted:
            grammar_state = "missing"
        counts = dict.fromkeys(_LEVELS, 0)
        for a in result:
            counts[a.severity] += 1
            alerts.add(ident, row, a.rule, a.severity, a.line, a.column, a.end_line, a.end_column, a.match, a.message, list(a.suggestions))
        words, sentences, ease, grade = _figures(result.document)
        status = "partial" if result.failures else "ok"
        problem = "; ".join(f"{f.rule}: {f.reason}" for f in result.failures) or None
        summary.add(ident, row, status, problem, words, sentences, len(result), counts["error"], counts["warning"], counts["suggestion"], ease, grade, grammar_state)
    return (pa.table(alerts.data, schema=alert_schema()), pa.table(summary.data, schema=summary_schema()))


@lru_cache(maxsize=1)
def default_config():
    """The configuration editlint uses for a folder with no config file (grammar off)."""
    import tempfile

    from ..config import ConfigLoader, Overrides

    with tempfile.TemporaryDirectory() as d:
        return ConfigLoader(Overrides(grammar=False), cwd=d).settings_for(os.path.join(d, "article.md")).config


def lint_table(table, *, text_column: str = "text", id_column: str | None = "id", format_column: str | None = None, config=None,
               max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES):
    """Lint every article of an in-memory table; return ``(alerts, summary)`` pyarrow tables.

    ``table`` is a pyarrow Table or a pandas DataFrame.  ``config`` is an
    :class:`editlint.engine.Config` (default: the bundled style, grammar off).
    Rows are numbered from 0 in the ``row`` column; ids are strings.
    """
    import pyarrow as pa

    if not isinstance(table, pa.Table):
        table = pa.Table.from_pandas(table, preserve_index=False)
    for name in (text_column, id_column, format_column):
        if name is not None and name not in table.column_names:
            raise BatchError(f"no column {name!r} in the table (columns: {', '.join(table.column_names)})")
    return lint_rows(_rows_of(table, text_column, id_column, format_column, 0), config or default_config(), max_bytes=max_bytes)


def _rows_of(table, text_column, id_column, format_column, first_row: int, problems=None):
    texts = table.column(text_column).to_pylist()
    ids = table.column(id_column).to_pylist() if id_column else [None] * len(texts)
    fmts = table.column(format_column).to_pylist() if format_column else [None] * len(texts)
    problems = problems or [None] * len(texts)
    return zip(range(first_row, first_row + len(texts)), ids, texts, fmts, problems)


def lint_dataframe(ddf, *, text_column: str = "text", id_column: str | None = "id", format_column: str | None = None, config=None):
    """The alerts of a Dask DataFrame of articles, as a lazy Dask DataFrame (one row per alert).

    ``ddf.map_partitions`` over :func:`lint_table`; ``row`` counts within each
    partition.  For the per-article summaries, call :func:`lint_table` on a
    partition, or use ``editlint batch``.
    """
    meta = alert_schema().empty_table().to_pandas()

    def one(part):
        alerts, _ = lint_table(part, text_column=text_column, id_column=id_column, format_column=format_column, config=config)
        return alerts.to_pandas()

    return ddf.map_partitions(one, meta=meta)


# -- reading the input in partitions ---------------------------------------------------------------


def input_kind(path: str) -> str:
    """``parquet``, ``jsonl`` or ``csv`` from a file's suffix (a BatchError otherwise)."""
    kind = INPUT_KINDS.get(Path(path).suffix.lower())
    if kind is None:
        raise BatchError(f"{path}: cannot tell the format from the suffix; use .parquet, .jsonl (or .ndjson) or .csv")
    return kind


def expand_inputs(patterns: list[str]) -> list[str]:
    """Files named or matched by the glob patterns, in sorted order per pattern."""
    import glob

    files: list[str] = []
    for p in patterns:
        matched = sorted(glob.glob(p)) if any(c in p for c in "*?[") else [p]
        if not matched:
            raise BatchError(f"{p}: no file matches")
        for f in matched:
            if not os.path.isfile(f):
                raise BatchError(f"{f}: no such file" if not os.path.exists(f) else f"{f}: not a regular file")
            input_kind(f)
            files.append(f)
    return files


def _check_columns(path: str, names: list[str], wanted: list[str]) -> None:
    missing = [w for w in wanted if w not in names]
    if missing:
        raise BatchError(f"{path}: no column {missing[0]!r} (columns: {', '.join(names[:20])}); pass --text-column/--id-column")


def _csv_reader(path: str, wanted: list[str], text_column: str, block_size: int, bad: list):
    import pyarrow as pa
    from pyarrow import csv

    def invalid(row):
        bad.append(f"CSV line {row.number}: expected {row.expected_columns} columns, found {row.actual_columns}")
        return "skip"

    # Every column is read as bytes: one cell that is not UTF-8 must not fail the whole block.
    return csv.open_csv(
        path,
        read_options=csv.ReadOptions(block_size=block_size),
        parse_options=csv.ParseOptions(newlines_in_values=True, invalid_row_handler=invalid),
        convert_options=csv.ConvertOptions(include_columns=wanted, column_types={c: pa.binary() for c in wanted}),
    )


def pa_buffer(data: bytes):
    import pyarrow as pa

    return pa.BufferReader(data)


def check_input(path: str, wanted: list[str], text_column: str) -> int | None:
    """Verify ``path`` opens and has the columns; return its row count when cheap to know."""
    kind = input_kind(path)
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            f = pq.ParquetFile(path)
            _check_columns(path, f.schema_arrow.names, wanted)
            return f.metadata.num_rows
        if kind == "csv":
            from pyarrow import csv

            # The header only: ragged rows further on become error rows, not a refusal.
            with open(path, "rb") as fh:
                header = fh.readline()
            names = csv.read_csv(pa_buffer(header), read_options=csv.ReadOptions(autogenerate_column_names=False)).schema.names if header.strip() else []
            _check_columns(path, names, wanted)
            return None
        with open(path, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except BatchError:
        raise
    except OSError as e:
        raise BatchError(f"{path}: {e.strerror or e}") from None
    except Exception as e:  # noqa: BLE001 - pyarrow's errors: a damaged or foreign file
        raise BatchError(f"{path}: cannot read it as {kind}: {str(e).splitlines()[0][:200]}") from None


def _jsonl_rows(path: str, text_column: str, id_column: str | None, format_column: str | None, max_line: int | None = None):
    """(id, text, fmt, problem) per line; a line that does not parse is a problem, not an error."""
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            if max_line is not None and len(line) > max_line:
                yield None, None, None, f"{os.path.basename(path)} line {number}: {_mb(len(line))}, longer than any article under the limit (--max-article-size)"
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("not an object")
            except (ValueError, UnicodeDecodeError) as e:
                yield None, None, None, f"{os.path.basename(path)} line {number}: not a JSON object ({type(e).__name__})"
                continue
            ident = obj.get(id_column) if id_column else None
            if text_column not in obj:
                yield ident, None, None, f"{os.path.basename(path)} line {number}: no {text_column!r} field"
                continue
            text = obj.get(text_column)
            if text is not None and not isinstance(text, str):
                yield ident, None, None, f"{os.path.basename(path)} line {number}: text is a {type(text).__name__}, not a string"
                continue
            yield ident, text, obj.get(format_column) if format_column else None, None


def _safe_str(value) -> str:
    """An id or format as text that pyarrow can store (bad bytes and lone surrogates replaced)."""
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("utf-8", "replace")
    elif not isinstance(value, str):
        value = str(value)
    return value.encode("utf-8", "replace").decode("utf-8")


def _clean_row(ident, text, fmt, problem):
    """A row as the partition table stores it; what cannot be stored becomes the row's problem."""
    ident = None if ident is None else _safe_str(ident)
    fmt = None if fmt is None else _safe_str(fmt)
    if problem is None and text is not None and not isinstance(text, (str, bytes)):
        problem, text = f"text is a {type(text).__name__}, not a string", None
    if problem is None and isinstance(text, str):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as e:
            problem, text = f"text contains an unpaired surrogate (U+{ord(text[e.start]):04X} at offset {e.start})", None
    return ident, text, fmt, problem


def partitions(files: list[str], *, text_column: str, id_column: str | None, format_column: str | None, partition_rows: int,
               max_bytes: int | None = None):
    """Yield ``(index, first_row, pyarrow.Table)`` partitions of exactly ``partition_rows`` rows
    (the last may be shorter), the same on every run over the same input.

    Columns: ``id`` (string), ``text`` (string or binary), ``fmt``, ``problem``.
    """
    import pyarrow as pa

    wanted = [c for c in (id_column, text_column, format_column) if c]
    buf: list[tuple] = []
    index = first = 0

    def table(rows):
        ids, texts, fmts, problems = zip(*(_clean_row(*r) for r in rows)) if rows else ((), (), (), ())
        text_type = pa.binary() if any(isinstance(t, bytes) for t in texts) else pa.string()
        if text_type == pa.binary():
            texts = [t.encode("utf-8") if isinstance(t, str) else t for t in texts]
        return pa.table({
            "id": pa.array(ids, pa.string()),
            "text": pa.array(texts, text_type),
            "fmt": pa.array(fmts, pa.string()),
            "problem": pa.array(problems, pa.string()),
        })

    def rows_of(path):
        kind = input_kind(path)
        if kind == "jsonl":
            yield from _jsonl_rows(path, text_column, id_column, format_column, None if max_bytes is None else 6 * max_bytes + 4096)
            return
        bad: list[str] = []
        if kind == "parquet":
            import pyarrow.parquet as pq

            batches = pq.ParquetFile(path).iter_batches(batch_size=max(1, partition_rows), columns=wanted)
        else:
            batches = _csv_reader(path, wanted, text_column, 1 << 20, bad)
        for batch in batches:
            cols = {n: batch.column(n).to_pylist() for n in wanted}
            n = batch.num_rows
            ids = cols[id_column] if id_column else [None] * n
            fmts = cols[format_column] if format_column else [None] * n
            yield from zip(ids, cols[text_column], fmts, [None] * n)
            while bad:
                yield None, None, None, f"{os.path.basename(path)}: {bad.pop(0)}"

    for path in files:
        for r in rows_of(path):
            buf.append(r)
            if len(buf) == partition_rows:
                yield index, first, table(buf)
                index, first, buf = index + 1, first + len(buf), []
    if buf:
        yield index, first, table(buf)


# -- the worker side -------------------------------------------------------------------------------


class _Grammar:
    """A worker's grammar checker: opened once, dropped for a while when its server is lost."""

    RETRY_SECONDS = 30.0

    def __init__(self, settings, urls: tuple[str, ...], worker_name: str):
        self.settings = settings
        self.urls = urls
        self.worker_name = worker_name
        self.wanted = settings is not None
        self.checker = None
        self._down_until = 0.0
        from ..languagetool.grammar import LanguageToolUnavailable

        self.unavailable = LanguageToolUnavailable

    def _url(self) -> str | None:
        if not self.urls:
            return None
        # Workers spread over the pool by name, the same on every restart of a worker.
        return self.urls[int(hashlib.sha256(self.worker_name.encode()).hexdigest(), 16) % len(self.urls)]

    def available(self) -> bool:
        if not self.wanted:
            return False
        if self.checker is not None:
            return True
        if time.monotonic() < self._down_until:
            return False
        from dataclasses import replace

        from ..languagetool.grammar import open_service

        try:
            settings = replace(self.settings, server=self._url()) if self.urls else self.settings
            service = open_service(settings)
            self.checker = service.checker
        except Exception:  # noqa: BLE001 - no server: lint without grammar and say so per article
            self.checker = None
        if self.checker is None:
            self._down_until = time.monotonic() + self.RETRY_SECONDS
        return self.checker is not None

    def lost(self, error) -> None:
        self.checker = None
        self._down_until = time.monotonic() + self.RETRY_SECONDS


try:  # dask is the batch extra: lint_table works without it
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - exercised only without the extra
    _WorkerPlugin = object


class EditlintPlugin(_WorkerPlugin):
    """The dask worker plugin: the job's configuration, unpickled once per worker."""

    name = _PLUGIN

    def __init__(self, config, grammar_settings=None, grammar_urls: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES, default_format: str = "markdown"):
        self.config = config
        self.grammar_settings = grammar_settings
        self.grammar_urls = tuple(grammar_urls)
        self.max_bytes = max_bytes
        self.default_format = default_format
        self.grammar = None

    def setup(self, worker=None):
        name = str(getattr(worker, "name", "") or getattr(worker, "address", "") or os.getpid())
        self.grammar = _Grammar(self.grammar_settings, self.grammar_urls, name) if self.grammar_settings is not None else None

    def teardown(self, worker=None):
        if self.grammar is not None and self.grammar.checker is not None:
            self.grammar.checker.cache.close()


def _worker_plugin() -> EditlintPlugin:
    from distributed import get_worker

    return get_worker().plugins[_PLUGIN]


def part_names(parts_dir: str, index: int) -> tuple[str, str]:
    """The committed alert and summary files of partition ``index``."""
    return (os.path.join(parts_dir, f"part-{index:06d}.alerts.parquet"), os.path.join(parts_dir, f"part-{index:06d}.summary.parquet"))


def lint_partition(index: int, first_row: int, table, parts_dir: str) -> dict:
    """The task run on a worker: lint one partition and commit its two files."""
    import pyarrow.parquet as pq

    plugin = _worker_plugin()
    rows = _rows_of(table, "text", "id", "fmt", first_row, table.column("problem").to_pylist())
    alerts, summary = lint_rows(rows, plugin.config, max_bytes=plugin.max_bytes, grammar=plugin.grammar, default_format=plugin.default_format)
    final_alerts, final_summary = part_names(parts_dir, index)
    tmp = os.path.join(parts_dir, "_tmp")
    os.makedirs(tmp, exist_ok=True)
    token = uuid.uuid4().hex
    tmp_alerts, tmp_summary = os.path.join(tmp, f"{index}.{token}.a"), os.path.join(tmp, f"{index}.{token}.s")
    pq.write_table(alerts, tmp_alerts)
    pq.write_table(summary, tmp_summary)
    # The summary is the commit mark: renamed last, so its presence means both are whole.
    os.replace(tmp_alerts, final_alerts)
    os.replace(tmp_summary, final_summary)
    from ..caches.words import flush_all

    flush_all()  # new word figures to the shared cache, as --jobs workers do after each file
    statuses = summary.column("status").to_pylist()
    grammar = summary.column("grammar").to_pylist()
    return {"index": index, "rows": summary.num_rows, "alerts": alerts.num_rows, "errors": statuses.count("error"), "missing_grammar": grammar.count("missing")}


# -- the driver ------------------------------------------------------------------------------------


@dataclass
class BatchReport:
    """What a batch run did."""

    articles: int = 0
    alerts: int = 0
    error_rows: int = 0
    missing_grammar: int = 0
    partitions: int = 0
    skipped_partitions: int = 0
    seconds: float = 0.0
    workers: int = 0
    output: str = ""
    summary: str = ""

    def line(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        resumed = f", {self.skipped_partitions} partition(s) already done" if self.skipped_partitions else ""
        grammar = f", {self.missing_grammar:,} without grammar (server lost or absent)" if self.missing_grammar else ""
        return (f"editlint batch: {self.articles:,} articles in {self.seconds:.1f} s ({rate:,.0f}/s) on {self.workers} worker(s){resumed}: "
                f"{self.alerts:,} alerts, {self.error_rows:,} error rows{grammar} -> {self.output}, {self.summary}")


def _manifest(files, text_column, id_column, format_column, partition_rows, settings, grammar_on: bool, max_bytes: int) -> dict:
    from .. import __version__
    from ..caches.results import fingerprint

    return {
        "editlint": __version__,
        "inputs": [[os.path.abspath(f), os.path.getsize(f), os.stat(f).st_mtime_ns] for f in files],
        "columns": [text_column, id_column, format_column],
        "partition_rows": partition_rows,
        "rules": fingerprint(settings),
        "grammar": grammar_on,
        "max_bytes": max_bytes,
    }


def _prepare_parts(parts_dir: str, manifest: dict, restart: bool) -> set[int]:
    """Create or reuse ``parts_dir``; return the partitions already committed there."""
    path = os.path.join(parts_dir, _MANIFEST)
    if os.path.isdir(parts_dir) and restart:
        shutil.rmtree(parts_dir)
    if os.path.isdir(parts_dir):
        try:
            old = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if old != manifest:
            raise BatchError(f"{parts_dir}: holds partitions of a different job (input, columns or rules changed); pass --restart to discard them")
        done = set()
        for name in os.listdir(parts_dir):
            if name.startswith("part-") and name.endswith(".summary.parquet"):
                index = int(name[5:11])
                if os.path.exists(part_names(parts_dir, index)[0]):
                    done.add(index)
        return done
    os.makedirs(parts_dir)
    Path(path).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return set()


def _writer(path: str, schema):
    """A streaming table writer for ``path``'s suffix."""
    kind = OUTPUT_KINDS[Path(path).suffix.lower()]
    if kind == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetWriter(path, schema)
    if kind == "csv":
        from pyarrow import csv

        if _has_list_suggestions(schema):
            schema = schema.remove(schema.get_field_index("suggestions")).append(_suggestions_text_field())
        return csv.CSVWriter(path, schema)
    return _JsonlWriter(path)


def _has_list_suggestions(schema) -> bool:
    import pyarrow as pa

    return "suggestions" in schema.names and pa.types.is_list(schema.field("suggestions").type)


def _suggestions_text_field():
    import pyarrow as pa

    return pa.field("suggestions", pa.string())


class _JsonlWriter:
    def __init__(self, path: str):
        self.fh = open(path, "w", encoding="utf-8")

    def write_table(self, table) -> None:
        for row in table.to_pylist():
            self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.fh.close()


def _merge(parts_dir: str, count: int, output: str, which: int, schema) -> None:
    """Concatenate the partitions' files, in input order, into ``output`` (written atomically)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = f"{output}.{uuid.uuid4().hex[:8]}.tmp{Path(output).suffix}"
    csv_out = OUTPUT_KINDS[Path(output).suffix.lower()] == "csv"
    writer = _writer(tmp, schema)
    try:
        for index in range(count):
            table = pq.read_table(part_names(parts_dir, index)[which])
            if csv_out and _has_list_suggestions(table.schema):
                # CSV has no lists: suggestions as one JSON array per cell.
                col = pa.array([json.dumps(s, ensure_ascii=False) for s in table.column("suggestions").to_pylist()], pa.string())
                table = table.drop_columns(["suggestions"]).append_column("suggestions", col)
            writer.write_table(table)
        writer.close()
        os.replace(tmp, output)
    except BaseException:
        writer.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def summary_path_for(output: str) -> str:
    """``alerts.parquet`` -> ``alerts.summary.parquet``."""
    p = Path(output)
    return str(p.with_name(p.stem + ".summary" + p.suffix))


def _client(scheduler: str | None, workers: int | None):
    """A dask client: the given (or DASK_SCHEDULER_ADDRESS) scheduler, else a LocalCluster."""
    import logging

    from distributed import Client, LocalCluster

    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            return Client(address, timeout="20s"), None
        except (OSError, TimeoutError) as e:
            raise BatchError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    # Linting is pure Python: one thread per worker process; the dashboard on a
    # free port (":8787" may be taken by another run).  Logs only at CRITICAL:
    # every failure a user must see (a partition's error rows, a worker killed
    # three times, an unreachable scheduler) reaches them through editlint's
    # own report, while distributed's ERROR lines are shutdown races (a
    # worker's heartbeat to a scheduler that closed first, on Ctrl-C) printed
    # with a traceback from another process.
    cluster = LocalCluster(n_workers=workers or min(os.cpu_count() or 1, 8), threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.CRITICAL)
    return Client(cluster), cluster


def run_batch(inputs: list[str], output: str, *, text_column: str = "text", id_column: str | None = "id", format_column: str | None = None,
              summary: str | None = None, settings=None, grammar_urls: tuple[str, ...] = (), scheduler: str | None = None,
              workers: int | None = None, partition_rows: int = DEFAULT_PARTITION_ROWS, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
              restart: bool = False, keep_parts: bool = False, progress: bool | None = None, client=None, on_partition=None) -> BatchReport:
    """Lint every article of ``inputs`` on Dask and write ``output`` and its summary table.

    ``settings`` are a :class:`editlint.config.Settings` (default: the bundled
    style); grammar runs when ``settings.grammar`` is set.  ``client`` reuses an
    existing ``distributed.Client``.  ``on_partition(done_count)`` is called as
    partitions finish (tests use it to interrupt a run).
    """
    from distributed import as_completed

    if Path(output).suffix.lower() not in OUTPUT_KINDS:
        raise BatchError(f"{output}: cannot tell the output format from the suffix; use .parquet, .jsonl or .csv")
    if partition_rows < 1:
        raise BatchError("--partition-rows must be at least 1")
    summary = summary or summary_path_for(output)
    out_dir = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(out_dir):
        raise BatchError(f"{output}: the folder {out_dir} does not exist")
    files = expand_inputs(inputs)
    wanted = [c for c in (id_column, text_column, format_column) if c]
    totals = [check_input(f, wanted, text_column) for f in files]
    total = None if any(t is None for t in totals) else sum(totals)
    if settings is None:
        import tempfile

        from ..config import ConfigLoader, Overrides

        with tempfile.TemporaryDirectory() as d:
            settings = ConfigLoader(Overrides(grammar=False), cwd=d).settings_for(os.path.join(d, "article.md"))
    grammar_settings = settings.grammar
    parts_dir = os.path.abspath(output) + ".parts"
    done = _prepare_parts(parts_dir, _manifest(files, text_column, id_column, format_column, partition_rows, settings, grammar_settings is not None, max_bytes), restart)

    t0 = time.monotonic()
    own_client = client is None
    cluster = None
    if own_client:
        client, cluster = _client(scheduler, workers)
    report = BatchReport(output=output, summary=summary, skipped_partitions=len(done))
    bar = _progress(total, progress)
    try:
        client.register_plugin(EditlintPlugin(settings.config, grammar_settings, grammar_urls, max_bytes), name=_PLUGIN)
        report.workers = len(client.scheduler_info().get("workers", {})) or (workers or 1)
        in_flight = max(2, 2 * report.workers)
        pending = as_completed()
        count = 0
        finished = 0

        def collect(future):
            nonlocal finished
            r = future.result()
            report.articles += r["rows"]
            report.alerts += r["alerts"]
            report.error_rows += r["errors"]
            report.missing_grammar += r["missing_grammar"]
            finished += 1
            bar.update(r["rows"])
            if on_partition is not None:
                on_partition(finished)

        for index, first, table in partitions(files, text_column=text_column, id_column=id_column, format_column=format_column, partition_rows=partition_rows,
                                              max_bytes=max_bytes):
            count = index + 1
            if index in done:
                _count_done(parts_dir, index, report)
                bar.update(table.num_rows)
                continue
            # Backpressure: never more than a few partitions in memory at once.
            while pending.count() >= in_flight:
                collect(next(pending))
            pending.add(client.submit(lint_partition, index, first, table, parts_dir, key=f"editlint-part-{index}-{uuid.uuid4().hex[:8]}", pure=False))
        for future in pending:
            collect(future)
        report.partitions = count
        bar.close()
        _merge(parts_dir, count, output, 0, alert_schema())
        _merge(parts_dir, count, summary, 1, summary_schema())
        if not keep_parts:
            shutil.rmtree(parts_dir, ignore_errors=True)
    finally:
        bar.close()
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    report.seconds = time.monotonic() - t0
    return report


def _count_done(parts_dir: str, index: int, report: BatchReport) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    s = pq.read_table(part_names(parts_dir, index)[1], columns=["status", "grammar", "alerts"])
    report.articles += s.num_rows
    report.error_rows += pc.sum(pc.equal(s.column("status"), "error")).as_py() or 0
    report.missing_grammar += pc.sum(pc.equal(s.column("grammar"), "missing")).as_py() or 0
    report.alerts += pc.sum(s.column("alerts")).as_py() or 0


class _NoBar:
    def update(self, n):
        pass

    def close(self):
        pass


def _progress(total: int | None, show: bool | None):
    import sys

    if show is False or (show is None and not sys.stderr.isatty()):
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit=" articles", desc="editlint batch", file=sys.stderr, smoothing=0.1, dynamic_ncols=True)


__all__ = [
    "FORMATS", "BatchError", "BatchReport", "EditlintPlugin", "alert_schema", "default_config", "lint_dataframe", "lint_partition", "lint_rows",
    "lint_table", "partitions", "run_batch", "summary_path_for", "summary_schema",
]
