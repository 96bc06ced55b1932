"""The edge between the CLI and the core: read files, lint, filter, format, exit code."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache

import click

from ..alert import LEVEL_RANK, Alert
from ..config import ConfigLoader
from ..document import detect_format, normalise_newlines
from ..engine import lint_text
from ..errors import ConfigError
from .files import InputError, expand_paths, read_input
from ..formatters.base import Formatter, InputProblem, Summary


@dataclass
class RunOptions:
    """What the command line asks of a run beyond the configuration."""

    stdin_filename: str | None = None
    fail_level: str | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    diff: str | None = None
    verbose: bool = False
    jobs: int = 1
    #: Only files whose path matches this glob (``!`` in front: do not match).
    glob: str | None = None
    #: Lint every file as plain text, whatever its suffix (Vale's --ignore-syntax).
    ignore_syntax: bool = False
    #: Reuse alerts of files unchanged since an earlier run with the same rules.
    cache: bool = True
    #: Bytes read from one file at most (None: :data:`files.MAX_FILE_BYTES`).
    max_bytes: int | None = None


def _format_for(path: str, opts: RunOptions) -> str:
    return "text" if opts.ignore_syntax else detect_format(path)


def _glob_filter(files: list[str], pattern: str) -> list[str]:
    from ..config.globs import match_glob

    negate = pattern.startswith("!")
    pattern = pattern[1:] if negate else pattern

    def hit(f: str) -> bool:
        rel = os.path.normpath(f).replace(os.sep, "/")
        name = rel.rsplit("/", 1)[-1]
        # A pattern without "/" matches the file name, like Vale's --glob.
        return match_glob(pattern, rel) or ("/" not in pattern and match_glob(pattern, name))

    return [f for f in files if f == "-" or hit(f) != negate]


def _say(message: str) -> None:
    from ..formatters.safe import line_safe

    click.echo(line_safe(message), err=True)


def _in_diff(alert: Alert, lines: set[int] | None) -> bool:
    return lines is None or any(n in lines for n in range(alert.line, alert.end_line + 1))


def run(paths: list[str], loader: ConfigLoader, formatter: Formatter, options: RunOptions | None = None) -> int:
    """Lint ``paths`` and print through ``formatter``; return the exit code."""
    opts = options or RunOptions()
    files, missing = expand_paths(paths)
    if opts.glob:
        files = _glob_filter(files, opts.glob)
    problems = [InputProblem(p, why, fatal) for p, why, fatal in missing]
    for p in problems:
        _say(f"{p.path}: {p.message}")
    baseline = recorder = None
    if opts.baseline or opts.write_baseline:
        from .baseline import Baseline

        baseline = Baseline.load(opts.baseline) if opts.baseline else None
        recorder = Baseline(opts.write_baseline) if opts.write_baseline else None
        if recorder is not None:
            folder = os.path.dirname(os.path.abspath(opts.write_baseline))
            if not os.path.isdir(folder):
                # Said before linting, not after pages of output.
                raise ConfigError(f"cannot write the baseline: folder {folder} does not exist", "--write-baseline")
            if not os.access(folder, os.W_OK):
                raise ConfigError(f"cannot write the baseline: folder {folder} is not writable", "--write-baseline")
    changed = None
    if opts.diff:
        from .gitdiff import changed_lines

        changed = changed_lines(opts.diff)
    # Resolve every file's settings before linting: config errors stop the run early.
    jobs = []
    for path in files:
        config_path = opts.stdin_filename if path == "-" and opts.stdin_filename else (None if path == "-" else path)
        if path != "-" and loader.is_ignored(path):
            if opts.verbose:
                _say(f"{path}: ignored by {loader.config_file_for(path).label}")
            continue
        if changed is not None and path != "-" and os.path.realpath(path) not in changed:
            continue
        jobs.append((path, config_path, loader.settings_for(config_path)))
        if opts.verbose:
            _say(f"{path}: {loader.note_for(config_path)}")
    for notice in loader.notices:
        _say(f"editlint: note: {notice}")
    if not files and not missing:
        _say("editlint: no Markdown or text files found")
    summary = Summary()
    levels = {settings.config.min_level for _, _, settings in jobs}
    summary.min_level = levels.pop() if len(levels) == 1 else None
    for _, _, settings in jobs:
        for rule in settings.config.rules:
            formatter.rules.setdefault(rule.id, rule)
    failing = False
    services: dict = {}
    try:
        failing = _lint_all(jobs, opts, formatter, summary, problems, changed, recorder, baseline, services)
    finally:
        for service in services.values():
            if service is not None:
                _report_grammar(service, opts)
                service.close()
    sys.stdout.write(formatter.finish(summary, problems))
    sys.stdout.flush()
    if recorder is not None:
        try:
            recorder.write()
        except OSError as e:
            _say(f"editlint: cannot write the baseline {recorder.path}: {e.strerror or e}")
            return 2
        _say(f"editlint: wrote {len(recorder.entries)} alerts to baseline {recorder.path}")
        return 2 if any(p.fatal for p in problems) else 0
    if any(p.fatal for p in problems):
        return 2
    return 1 if failing else 0


def _report_grammar(service, opts) -> None:
    c = service.checker
    if c is not None and c.malformed:
        _say(f"editlint: grammar: LanguageTool's answer for {c.malformed} paragraph(s) had the wrong shape; their grammar was skipped")
    if c is not None and opts.verbose:
        _say(f"editlint: grammar: {c.requests} LanguageTool requests, {c.sent_blocks} blocks sent, {c.cached_blocks} from cache")


def _grammar_for(settings, services, problems):
    """The grammar producer for these settings (opening a service once per run)."""
    g = settings.grammar
    if g is None:
        return None
    from ..languagetool.grammar import LanguageToolUnavailable, open_service

    if g not in services:
        try:
            services[g] = open_service(g, progress=lambda m: _say(f"editlint: {m}"))
            if services[g].note:
                _say(f"editlint: {services[g].note}")
        except LanguageToolUnavailable as e:
            services[g] = None
            if g.required:
                problems.append(InputProblem("LanguageTool", str(e)))
            _say(f"editlint: grammar skipped: {e}")
    service = services[g]
    return service.checker if service is not None else None


class _NeverRaised(Exception):
    """Stands in for LanguageToolUnavailable when no grammar runs."""


@dataclass
class _FileResult:
    """What linting one file produced, picklable for worker processes."""

    display: str
    source: str = ""
    alerts: tuple = ()
    failures: tuple = ()
    #: How the file was read (an encoding fallback), and what linting noted.
    note: str | None = None
    lint_note: str | None = None
    error: str | None = None



#: The jobs of a parallel run, set before the workers fork so that compiled
#: rules are inherited rather than pickled.
_FORKED_JOBS: list = []


def _read(path: str, display: str, max_bytes: int | None = None) -> _FileResult:
    """The file's normalised text, or why it cannot be read."""
    try:
        text, note = read_input(path, max_bytes=max_bytes)
    except InputError as e:
        return _FileResult(display, error=str(e))
    return _FileResult(display, normalise_newlines(text), note=note)


def _lint_file(path: str, fmt: str, settings, max_bytes: int | None = None, res: _FileResult | None = None) -> _FileResult:
    """Lint one file without grammar; ``res`` is the file as already read
    (the bytes a cache key was made from are the bytes linted)."""
    res = res if res is not None else _read(path, path, max_bytes)
    if res.error is None:
        result = lint_text(res.source, settings.config, path=path, fmt=fmt)
        res.alerts, res.failures = tuple(result), tuple(result.failures)
        res.lint_note = _join_notes(*result.notes)
        res.note = _join_notes(res.note, res.lint_note)
    return res


def _join_notes(*notes) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _worker_init() -> None:
    """A worker leaves Ctrl-C to the parent (no traceback per worker) and
    dies with it (no orphan left linting after a kill -9 of the parent)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's exit closes the pipes
        pass


def _lint_one(index: int) -> _FileResult:
    """``_lint_file`` for a job of a parallel run (in a worker process)."""
    res = _lint_file(*_FORKED_JOBS[index])
    from ..caches import regexes
    from ..caches.words import flush_all

    flush_all()  # a worker ends without atexit: keep the word figures it found
    regexes.save()  # and the patterns it compiled (written only when there are new ones)
    return res


#: Parallel runs use at most this many processes per core.
MAX_JOBS_PER_CORE = 4


def _parallel(jobs, opts, pre_read=None):
    """Results in file order, linted by ``opts.jobs`` processes (fork: rules are loaded once).

    ``pre_read`` holds the files as the parent read them (for the cache
    key), so workers lint exactly those bytes.  A worker that dies (killed,
    out of memory) breaks the pool: that is reported and the files not yet
    done are linted here instead, so nothing hangs and nothing is lost.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pre_read = pre_read or [None] * len(jobs)
    _FORKED_JOBS[:] = [(path, _format_for(cp or path, opts), settings, opts.max_bytes, r) for (path, cp, settings), r in zip(jobs, pre_read)]
    n = len(jobs)
    workers = min(opts.jobs, n, MAX_JOBS_PER_CORE * (os.cpu_count() or 1))
    window = workers * 8  # futures in flight: memory bounded, order kept
    i = 0
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_init)
        futures: dict = {}
        submitted = 0
        try:
            for i in range(n):
                try:
                    while submitted < n and submitted < i + window:
                        futures[submitted] = pool.submit(_lint_one, submitted)
                        submitted += 1
                    result = futures.pop(i).result()
                except BrokenProcessPool:
                    # Raised by a result or by a submit to a pool already broken.
                    _say(f"editlint: a worker process died; linting the {n - i} files not yet done in the main process")
                    break
                yield result
            else:
                i = n
        finally:
            # Ctrl-C, SIGTERM or a broken pool: no worker keeps running.
            for proc in list(getattr(pool, "_processes", {}).values()):
                if proc.is_alive():
                    proc.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        for j in range(i, n):
            yield _lint_file(*_FORKED_JOBS[j])
    finally:
        _FORKED_JOBS.clear()


def _lint_all(jobs, opts, formatter, summary, problems, changed, recorder, baseline, services) -> bool:
    grammar_wanted = any(settings.grammar is not None for _, _, settings in jobs)
    if grammar_wanted:
        from ..languagetool.grammar import LanguageToolUnavailable
    else:
        LanguageToolUnavailable = _NeverRaised  # noqa: N806 - keeps the network client unimported
    parallel = opts.jobs > 1 and len(jobs) >= 4 and not grammar_wanted and all(p != "-" for p, _, _ in jobs)
    cache = None
    if opts.cache:
        from ..caches import results as resultcache

        if resultcache.enabled():
            cache = resultcache.ResultCache()
    try:
        if parallel:
            return _lint_parallel(jobs, opts, formatter, summary, problems, changed, recorder, baseline, cache)
        return _lint_serial(jobs, opts, formatter, summary, problems, changed, recorder, baseline, services, cache, LanguageToolUnavailable)
    finally:
        if cache is not None:
            if opts.verbose:
                _say(f"editlint: cache: {cache.hits} of {len(jobs)} files unchanged since an earlier run ({cache.path})")
            cache.close()


def _cache_key(cache, settings, res: _FileResult, config_path, opts) -> str | None:
    if cache is None or res.error is not None:
        return None
    from ..caches.results import entry_key

    fmt = _format_for(config_path or res.display, opts)
    return entry_key(settings, res.display, f"{fmt}:grammar-{_grammar_mode(settings)}", res.source)


def _grammar_mode(settings) -> str:
    """``off``, ``absent`` (wanted, but no LanguageTool is configured or
    installed: a cheap fact, unlike a server's health) or ``on``."""
    g = settings.grammar
    if g is None:
        return "off"
    if g.server or os.environ.get("EDITLINT_LANGUAGETOOL_URL") or g.enabled:
        return "on"
    return "on" if _languagetool_installed() else "absent"


@lru_cache(maxsize=1)
def _languagetool_installed() -> bool:
    from ..languagetool.server import installed_dir

    return installed_dir() is not None


def _lint_parallel(jobs, opts, formatter, summary, problems, changed, recorder, baseline, cache) -> bool:
    failing = False
    if cache is None:
        for (path, _, settings), res in zip(jobs, _parallel(jobs, opts)):
            failing |= _emit(res, path, settings, opts, formatter, summary, problems, changed, recorder, baseline)
        return failing
    # Files unchanged since a run with the same rules come from the cache;
    # only the others go to the workers, with the text their key was made of.
    results: dict[int, _FileResult] = {}
    keys: dict[int, str | None] = {}
    misses = []
    for i, (path, config_path, settings) in enumerate(jobs):
        res = _read(path, path, opts.max_bytes)
        keys[i] = _cache_key(cache, settings, res, config_path, opts)
        hit = cache.get(keys[i]) if keys[i] else None
        if hit is not None:
            res.alerts, res.note = hit[0], _join_notes(res.note, hit[1])
        else:
            misses.append(i)
        results[i] = res
    if len(misses) >= 4:
        linted = _parallel([jobs[i] for i in misses], opts, [results[i] for i in misses])
    else:
        linted = (_lint_file(jobs[i][0], _format_for(jobs[i][1] or jobs[i][0], opts), jobs[i][2], opts.max_bytes, results[i]) for i in misses)
    for i, res in zip(misses, linted):
        results[i] = res
        if keys[i] and res.error is None and not res.failures:
            cache.put(keys[i], res.alerts, res.lint_note)
    for i, (path, _, settings) in enumerate(jobs):
        failing |= _emit(results[i], path, settings, opts, formatter, summary, problems, changed, recorder, baseline)
    return failing


def _lint_serial(jobs, opts, formatter, summary, problems, changed, recorder, baseline, services, cache, LanguageToolUnavailable) -> bool:  # noqa: N803
    from dataclasses import replace

    failing = False
    for path, config_path, settings in jobs:
        display = opts.stdin_filename if path == "-" and opts.stdin_filename else path
        res = _read(path, display, opts.max_bytes)
        key = _cache_key(cache, settings, res, config_path, opts)
        hit = cache.get(key) if key else None
        if hit is not None:
            res.alerts, res.note = hit[0], _join_notes(res.note, hit[1])
        elif res.error is None:
            fmt = _format_for(config_path or display, opts)
            config = settings.config
            checker = _grammar_for(settings, services, problems)
            # Alerts without grammar are the whole answer only when no
            # LanguageTool exists here (the key says so); a server that was
            # there but failed leaves the result incomplete.
            complete = checker is not None or _grammar_mode(settings) != "on"
            if checker is not None:
                config = replace(config, extra=(checker,))
            malformed = checker.malformed if checker is not None else 0
            try:
                result = lint_text(res.source, config, path=display, fmt=fmt)
                if checker is not None and (checker.malformed > malformed or not checker.identity()):
                    complete = False  # some grammar is missing, or its server is unknown
            except LanguageToolUnavailable as e:
                complete = False
                # The server went away mid-run: say so once, lint on without grammar.
                broken = services.pop(settings.grammar, None)
                if broken is not None:
                    broken.close()  # a server this run started must not outlive it
                services[settings.grammar] = None
                if settings.grammar.required:
                    problems.append(InputProblem("LanguageTool", str(e)))
                _say(f"editlint: grammar skipped: {e}")
                result = lint_text(res.source, settings.config, path=display, fmt=fmt)
            res.alerts, res.failures = tuple(result), tuple(result.failures)
            res.lint_note = _join_notes(*result.notes)
            res.note = _join_notes(res.note, res.lint_note)
            if key and complete and not res.failures:
                cache.put(key, res.alerts, res.lint_note)
        failing |= _emit(res, path, settings, opts, formatter, summary, problems, changed, recorder, baseline)
    return failing


def _emit(res, path, settings, opts, formatter, summary, problems, changed, recorder, baseline) -> bool:
    """Filter, count and print one file's result; True when it should fail the run."""
    display, source = res.display, res.source
    if res.error is not None:
        problems.append(InputProblem(display, res.error))
        _say(f"{display}: {res.error}")
        return False
    if res.note:
        _say(f"{display}: {res.note}")
    for failure in res.failures:
        problems.append(InputProblem(display, f"{failure.rule}: {failure.reason}"))
        _say(f"{display}: {failure.rule}: {failure.reason}")
    alerts = list(res.alerts)
    if changed is not None and path != "-":
        lines = changed.get(os.path.realpath(path))
        alerts = [a for a in alerts if _in_diff(a, lines)]
    if recorder is not None:
        for a in alerts:
            recorder.add(a, source)
    if baseline is not None:
        before = len(alerts)
        alerts = baseline.filter_new(alerts, source)
        summary.absorbed += before - len(alerts)
    summary.files += 1
    summary.add(alerts)
    formatter.fail_level = opts.fail_level or settings.fail_level
    out = formatter.file(display, alerts, source)
    if out:
        sys.stdout.write(out)
    fail_rank = LEVEL_RANK[opts.fail_level or settings.fail_level]
    return any(a.rank >= fail_rank for a in alerts)
