"""The edge between the CLI and the core: read files, lint, format, exit code."""

from __future__ import annotations

import sys

import click

from .alert import LEVEL_RANK
from .config import ConfigLoader
from .document import detect_format
from .engine import lint_text
from .files import InputError, expand_paths, read_input
from .formatters.base import Formatter, InputProblem, Summary


def _say(message: str) -> None:
    click.echo(message, err=True)


def run(paths: list[str], loader: ConfigLoader, formatter: Formatter, *, stdin_filename: str | None = None, fail_level: str | None = None) -> int:
    """Lint ``paths`` and print through ``formatter``; return the exit code."""
    files, missing = expand_paths(paths)
    problems = [InputProblem(p, why) for p, why in missing]
    for p in problems:
        _say(f"{p.path}: {p.message}")
    # Resolve every file's settings before linting: config errors stop the run early.
    jobs = []
    for path in files:
        config_path = stdin_filename if path == "-" and stdin_filename else (None if path == "-" else path)
        if path != "-" and loader.is_ignored(path):
            continue
        jobs.append((path, config_path, loader.settings_for(config_path)))
    if not jobs and not files:
        if not missing:
            _say("editlint: no Markdown or text files found")
    summary = Summary()
    worst = -1
    fail_ranks = []
    for path, config_path, settings in jobs:
        display = stdin_filename if path == "-" and stdin_filename else path
        try:
            text, note = read_input(path)
        except InputError as e:
            problems.append(InputProblem(display, str(e)))
            _say(f"{display}: {e}")
            continue
        if note:
            _say(f"{display}: {note}")
        result = lint_text(text, settings.config, path=display, fmt=detect_format(config_path or display))
        for failure in result.failures:
            _say(f"{display}: {failure.rule}: {failure.reason}")
        summary.files += 1
        summary.add(result)
        out = formatter.file(display, list(result))
        if out:
            sys.stdout.write(out)
        fail_rank = LEVEL_RANK[fail_level or settings.fail_level]
        fail_ranks.append(fail_rank)
        for a in result:
            if a.rank >= fail_rank:
                worst = max(worst, a.rank)
    sys.stdout.write(formatter.finish(summary, problems))
    sys.stdout.flush()
    if any(p.fatal for p in problems):
        return 2
    return 1 if worst >= 0 else 0
