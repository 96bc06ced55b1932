"""The ``editlint`` command line: files in, alerts out, an honest exit code.

Exit codes: 0 no alert at or above the fail level, 1 alerts, 2 usage,
configuration or unreadable input.  Problems are one line each on stderr,
never a traceback (set ``EDITLINT_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..alert import LEVELS
from ..errors import ConfigError

LEVEL_CHOICE = click.Choice(LEVELS)

LINT_EPILOG = """\b
Examples:
  editlint draft.md                 lint one draft
  editlint docs/                    every .md/.markdown/.txt below docs/
  editlint 'posts/**/*.md'          a glob (quote it)
  cat draft.md | editlint - --stdin-filename draft.md
  editlint --format json docs/      machine-readable, for CI
  editlint --min-level warning .    hide suggestions
  editlint --disable Editorial.FirstPerson draft.md
  editlint --format github --diff origin/main docs/     a pull-request gate
  editlint --write-baseline .editlint-baseline.json docs/
  editlint --baseline .editlint-baseline.json docs/     fail only on new alerts
  editlint --fix docs/              apply the safe fixes, then report the rest
  editlint --fix --dry-run docs/    show them as a diff, change nothing

\b
Other commands:
  editlint rules [PATH]             list the rules active for PATH
  editlint explain RULE             what a rule checks, with an example
  editlint init                     write a commented .editlint.yaml
  editlint lsp                      the language server, for editors
  editlint batch -i A.parquet -o B  a table of articles, on Dask (docs/scale.md)
  editlint languagetool install     set up grammar checks (Maven, Java 17)
  editlint languagetool status      the shared background LanguageTool
  editlint languagetool stop        stop it now (it also stops when idle)
  editlint languagetool serve       run one in the foreground on 127.0.0.1
  editlint --version

\b
Exit status: 0 clean, 1 alerts at or above --fail-level, 2 usage,
configuration or unreadable-input errors.
"""


class _Group(click.Group):
    """``editlint PATHS`` lints; ``editlint rules``/``explain``/``init`` are subcommands."""

    def parse_args(self, ctx, args):
        if args and args[0] in ("--help", "-h"):
            args = ["lint", *args]
        elif not args or args[0] not in self.commands and args[0] != "--version":
            args = ["lint", *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx, formatter):  # pragma: no cover - click plumbing
        self.get_command(ctx, "lint").format_help(ctx, formatter)


class _LintCommand(click.Command):
    """The default command: its usage reads ``editlint [OPTIONS] [PATHS]...``."""

    def format_usage(self, ctx, formatter):
        formatter.write_usage("editlint", "[OPTIONS] [PATHS]...")


def _version_message() -> str:
    from ..language import scan

    if scan.backend() == "native":
        core = "compiled core (editlint_native)"
    elif scan.unused_because:
        core = f"pure Python ({scan.unused_because})"
    else:
        core = "pure Python (no compiled core: see the README, 'Speed: the compiled core')"
    return f"%(prog)s %(version)s, {core}"


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="editlint", message=_version_message())
def main():
    """editlint: an editorial linter for prose."""


def _fail(message: str) -> None:
    from ..formatters.safe import printable

    click.echo(f"editlint: {printable(message)}", err=True)
    sys.exit(2)


@main.command("lint", cls=_LintCommand, epilog=LINT_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, metavar="[PATHS]...")
@click.option("--format", "-f", "fmt", default="text", show_default=True, metavar="FORMAT", help="Output format: text, json, github, sarif, rdjson, junit or vale-line.")
@click.option("--min-level", type=LEVEL_CHOICE, default=None, help="Show only alerts at or above this level [config: min_level; default suggestion].")
@click.option("--fail-level", type=LEVEL_CHOICE, default=None, help="Exit 1 when an alert is at or above this level [config: fail_level; default warning].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file for every input instead of searching for .editlint.yaml.")
@click.option("--styles-path", multiple=True, type=click.Path(file_okay=False), help="Another folder to find styles in (repeatable).")
@click.option("--style", "styles", multiple=True, metavar="NAME", help="Use this style instead of the configured ones (repeatable).")
@click.option("--disable", multiple=True, metavar="RULE", help="Turn a rule off, e.g. Editorial.FirstPerson (repeatable).")
@click.option("--stdin-filename", metavar="NAME", help="With '-': the name to report, pick the format (.md/.txt) and find config by.")
@click.option("--no-grammar", is_flag=True, envvar="EDITLINT_NO_GRAMMAR", help="Skip LanguageTool grammar checks [env: EDITLINT_NO_GRAMMAR=1].")
@click.option("--no-color", is_flag=True, help="Never colour the output (colour is used only on a terminal anyway).")
@click.option("--quiet", "-q", is_flag=True, help="Print alerts only: no summary line, no notes.")
@click.option("--verbose", "-v", is_flag=True, help="Say which config each file uses and which files are ignored.")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False), metavar="FILE", help="Report and fail only on alerts not recorded in FILE.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), metavar="FILE", help="Record today's alerts in FILE (exit 0) so later runs with --baseline fail only on new ones.")
@click.option("--diff", "diff_ref", metavar="REF", help="Lint only files changed since git REF, and report only alerts on added or modified lines.")
@click.option("--glob", "glob_pattern", metavar="GLOB", help="Lint only files matching GLOB, e.g. '*.md'; '!' in front excludes, e.g. '!drafts/**' (as Vale's --glob).")
@click.option("--ignore-syntax", is_flag=True, help="Lint every file as plain text: Markdown code, links and markup are checked too.")
@click.option("--no-cache", is_flag=True, envvar="EDITLINT_NO_CACHE", help="Lint every file even if it is unchanged since a run with the same rules [env: EDITLINT_NO_CACHE=1].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N", help="Lint files in N processes [default: the number of cores; at most 4 per core; grammar runs use one].")
@click.option("--max-file-size", type=click.FloatRange(min=0, min_open=True), default=32, show_default=True, metavar="MB", help="Refuse files larger than this many megabytes (exit 2) instead of reading without end.")
@click.option("--fix", "fix", is_flag=True, help="Apply every safe one-replacement fix (substitutions, variants, names), then report what is left.")
@click.option("--dry-run", is_flag=True, help="With --fix: print the changes as a unified diff and write nothing.")
def lint_command(paths, fmt, min_level, fail_level, config_path, styles_path, styles, disable, stdin_filename, no_grammar, no_color, quiet, verbose, baseline, write_baseline, diff_ref, glob_pattern, ignore_syntax, no_cache, jobs, max_file_size, fix, dry_run):
    """Lint Markdown and plain-text drafts and report line:column alerts.

    PATHS are files, folders (searched for .md, .markdown, .mdx and .txt files),
    glob patterns, or '-' for standard input.  With no PATHS, the current
    folder is linted.
    """
    from ..config import ConfigLoader, Overrides
    from ..formatters import FORMATTERS, formatter_class
    from .runner import RunOptions, run

    if fmt not in FORMATTERS:
        raise click.BadParameter(f"unknown format {fmt!r}; choose from {', '.join(FORMATTERS)}", param_hint="'--format'")
    overrides = Overrides(
        config=config_path,
        styles_path=tuple(styles_path),
        styles=tuple(styles),
        disable=tuple(disable),
        min_level=min_level,
        fail_level=fail_level,
        grammar=False if no_grammar else None,
    )
    color = not no_color and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    formatter = formatter_class(fmt)(color=color, quiet=quiet)
    try:
        loader = ConfigLoader(overrides)
        options = RunOptions(
            stdin_filename=stdin_filename,
            fail_level=fail_level,
            baseline=baseline,
            write_baseline=write_baseline,
            diff=diff_ref,
            verbose=verbose,
            jobs=jobs or os.cpu_count() or 1,
            glob=glob_pattern,
            ignore_syntax=ignore_syntax,
            cache=not no_cache,
            max_bytes=int(max_file_size * 1024 * 1024),
        )
        if dry_run and not fix:
            raise click.UsageError("--dry-run goes with --fix")
        if fix:
            code = _fix(list(paths) or ["."], loader, options, dry_run, quiet)
            if dry_run:
                sys.exit(code)
        code = run(list(paths) or ["."], loader, formatter, options)
    except ConfigError as e:
        _fail(str(e))
    sys.exit(code)


def _fix(paths, loader, options, dry_run: bool, quiet: bool) -> int:
    """``--fix``: apply (or, with --dry-run, show) the safe fixes."""
    from .files import expand_paths
    from .fix import fix_paths
    from ..formatters.safe import line_safe

    if "-" in paths:
        raise click.UsageError("--fix needs files to write to, not standard input")
    files, _ = expand_paths(paths)
    report = fix_paths([f for f in files if f != "-"], loader, dry_run=dry_run, ignore_syntax=options.ignore_syntax)
    for display, why in report.problems:
        click.echo(line_safe(f"{display}: {why}"), err=True)
    for note in dict.fromkeys(report.notes):
        click.echo(line_safe(f"editlint: {note}"), err=True)
    if dry_run:
        sys.stdout.write("".join(report.diffs))
    if not quiet:
        verb = "would fix" if dry_run else "fixed"
        click.echo(f"editlint: {verb} {report.fixes} problem{'' if report.fixes == 1 else 's'} in {report.files_changed} file{'' if report.files_changed == 1 else 's'}", err=True)
    if report.problems:
        return 2
    return 1 if dry_run and report.fixes else 0


@main.command("rules")
@click.argument("path", required=False)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use.")
@click.option("--styles-path", multiple=True, type=click.Path(file_okay=False), help="Another folder to find styles in.")
@click.option("--style", "styles", multiple=True, metavar="NAME", help="List this style instead of the configured ones.")
def rules_command(path, config_path, styles_path, styles):
    """List every rule active for PATH (default: every rule the current folder's config can turn on).

    \b
    Columns: rule id, type, level, file it was loaded from, and (with no
    PATH) the config sections that turn it on, e.g. "for *.md".
    Example:  editlint rules docs/guide.md
    """
    from ..config import ConfigLoader, Overrides

    try:
        loader = ConfigLoader(Overrides(config=config_path, styles_path=styles_path, styles=styles))
        if path:
            target = os.path.join(path, "_") if os.path.isdir(path) else path
            rows = [(r, ()) for r in loader.all_rules(target)]
        else:
            rows = loader.rules_by_glob()
    except ConfigError as e:
        _fail(str(e))
    width = max((len(r.id) for r, _ in rows), default=4)
    for r, globs in rows:
        where = f"  for {', '.join(globs)}" if globs else ""
        click.echo(f"{r.id:<{width}}  {r.type:<14} {r.level:<10} {os.path.relpath(r.path) if r.path else '(built in)'}{where}")
    grammar = loader.settings_for(os.path.join(path, "_") if path and os.path.isdir(path) else path).grammar
    if grammar is not None:
        from ..languagetool.settings import DEFAULT_LEVELS

        levels = {**DEFAULT_LEVELS, **dict(grammar.levels)}
        shown = ", ".join(f"{c} {lv}" for c, lv in sorted(levels.items()) if c not in grammar.disabled_categories)
        click.echo(f"{'LanguageTool.*':<{width}}  {'grammar':<14} {'by category':<10} {grammar.language}: {shown}")
        click.echo(f"{'':<{width}}  disabled rules: {', '.join(grammar.disabled_rules) or 'none'}; categories: {', '.join(grammar.disabled_categories) or 'none'}")
    click.echo(f"{len(rows)} rule{'' if len(rows) == 1 else 's'}" + (" and LanguageTool's grammar categories." if grammar is not None else "."), err=True)


@main.command("explain")
@click.argument("rule_id", metavar="RULE")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file to use.")
@click.option("--styles-path", multiple=True, type=click.Path(file_okay=False), help="Another folder to find styles in.")
def explain_command(rule_id, config_path, styles_path):
    """Explain RULE: its message, link, YAML and an example it flags.

    \b
    Example:  editlint explain Editorial.Hedges
    """
    from ..config import ConfigLoader, Overrides
    from .explain import explain

    try:
        loader = ConfigLoader(Overrides(config=config_path, styles_path=styles_path))
        text = explain(rule_id, loader)
    except ConfigError as e:
        _fail(str(e))
    except LookupError as e:
        _fail(str(e.args[0]))
    click.echo(text)


@main.command("lsp")
def lsp_command():
    """Run the language server on stdin/stdout, for editors (see docs/editors.md).

    \b
    Diagnostics on open, change and save; quick fixes, "fix all" and
    "disable this rule on this line" as code actions.
    """
    try:
        from .lsp import main as serve
    except ImportError as e:
        _fail(f"the language server needs pygls, a dependency of editlint: reinstall editlint ({e})")
    serve()


@main.command("batch", epilog="""\b
Examples:
  editlint batch --input archive.parquet --text-column body --output alerts.parquet
  editlint batch --input 'exports/*.jsonl' --id-column slug --output alerts.csv --workers 4
  editlint batch --input articles.csv --scheduler tcp://dask-scheduler:8786 --output /shared/alerts.parquet

Writes OUTPUT (one row per alert: id, row, rule, level, line, column,
end_line, end_column, match, message, suggestions) and OUTPUT's summary
(alerts.summary.parquet: one row per article with counts by level,
readability figures, status and any problem).  A bad row becomes an error
row in the summary, never a failed job.  An interrupted run resumes where
it stopped: committed partitions under OUTPUT.parts/ are kept.  See
docs/scale.md.""")
@click.option("--input", "-i", "inputs", multiple=True, required=True, metavar="PATH", help="A .parquet, .jsonl/.ndjson or .csv file or a glob of them (repeatable).")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Alerts table to write: .parquet, .jsonl or .csv.")
@click.option("--summary", type=click.Path(dir_okay=False), help="Per-article summary table [default: OUTPUT with .summary before the suffix].")
@click.option("--text-column", default="text", show_default=True, help="Column holding the article text (Markdown or plain text).")
@click.option("--id-column", default="id", show_default=True, help="Column identifying the article (copied to every output row); '' for none.")
@click.option("--format-column", default=None, help="Column saying each row's format (md, markdown, txt, text); default: every row is Markdown.")
@click.option("--scheduler", metavar="ADDRESS", envvar="DASK_SCHEDULER_ADDRESS", help="An existing Dask scheduler, e.g. tcp://host:8786 [env: DASK_SCHEDULER_ADDRESS; default: a local cluster].")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None, help="Worker processes of the local cluster [default: the number of cores, at most 8].")
@click.option("--partition-rows", type=click.IntRange(min=1), default=500, show_default=True, help="Articles per task (and per resumable part).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file for every article [default: found from the current folder].")
@click.option("--style", "styles", multiple=True, metavar="NAME", help="Use this style instead of the configured ones (repeatable).")
@click.option("--disable", multiple=True, metavar="RULE", help="Turn a rule off (repeatable).")
@click.option("--grammar/--no-grammar", default=False, show_default=True, help="Check grammar with LanguageTool (off by default at archive scale).")
@click.option("--languagetool-url", "lt_urls", multiple=True, metavar="URL", help="A LanguageTool server for the workers to share (repeatable: workers spread over the pool).")
@click.option("--max-article-size", type=click.FloatRange(min=0, min_open=True), default=4, show_default=True, metavar="MB", help="Larger articles become error rows.")
@click.option("--restart", is_flag=True, help="Discard the committed parts of an earlier, different or unwanted run.")
@click.option("--keep-parts", is_flag=True, help="Keep OUTPUT.parts/ (one Parquet pair per partition) after merging.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [default: when standard error is a terminal].")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
def batch_command(inputs, output, summary, text_column, id_column, format_column, scheduler, workers, partition_rows, config_path, styles, disable,
                  grammar, lt_urls, max_article_size, restart, keep_parts, progress, quiet):
    """Lint a table of articles (Parquet, JSON Lines, CSV) on a Dask cluster."""
    try:
        from . import batch
    except ImportError as e:  # pragma: no cover - only without the extra
        _fail(f"editlint batch needs pyarrow and dask.distributed: pip install 'editlint[batch]' ({e})")
    from ..config import ConfigLoader, Overrides

    try:
        import pyarrow  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as e:
        _fail(f"editlint batch needs pyarrow and dask.distributed: pip install 'editlint[batch]' ({e})")
    if lt_urls:
        grammar = True
    try:
        loader = ConfigLoader(Overrides(config=config_path, styles=tuple(styles), disable=tuple(disable), grammar=True if grammar else False))
        settings = loader.settings_for(os.path.join(os.getcwd(), "article.md"))
        if grammar and settings.grammar is None:
            raise ConfigError("grammar is turned off in the config; drop --grammar or enable it there")
        report = batch.run_batch(
            list(inputs), output, text_column=text_column, id_column=id_column or None, format_column=format_column, summary=summary,
            settings=settings, grammar_urls=tuple(lt_urls), scheduler=scheduler, workers=workers, partition_rows=partition_rows,
            max_bytes=int(max_article_size * 1024 * 1024), restart=restart, keep_parts=keep_parts, progress=progress,
        )
    except (ConfigError, batch.BatchError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"{getattr(e, 'filename', None) or output}: {e.strerror or e}")
    except Exception as e:  # noqa: BLE001 - the engine gave up (e.g. a partition killed its workers 3 times)
        first = (str(e).splitlines() or [""])[0][:300]
        _fail(f"batch stopped: {type(e).__name__}: {first}; committed partitions are kept, run the same command again to resume")
    if not quiet:
        click.echo(report.line(), err=True)


@main.command("init")
@click.option("--path", "target", default=".editlint.yaml", show_default=True, type=click.Path(dir_okay=False), help="Where to write the config.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_command(target, force):
    """Write a commented .editlint.yaml with the defaults to start from.

    \b
    Example:  editlint init && $EDITOR .editlint.yaml
    """
    from .init import write_default_config

    if os.path.exists(target) and not force:
        _fail(f"{target} already exists (use --force to overwrite it)")
    write_default_config(target)
    click.echo(f"wrote {target}")


@main.group("languagetool")
def languagetool_group():
    """Install and run a local LanguageTool server for grammar checks.

    \b
    editlint languagetool install    fetch LanguageTool from Maven Central
    editlint languagetool status     is the shared background server running?
    editlint languagetool stop       stop the shared background server
    editlint languagetool serve      run one in the foreground until Ctrl-C

    The first run that needs grammar starts a shared server in the
    background; later runs, hooks and editors reuse it, and it stops after
    30 idle minutes (EDITLINT_LANGUAGETOOL_IDLE, grammar.idle_minutes).
    """


@languagetool_group.command("install")
def lt_install():
    """Resolve LanguageTool (server + English) from Maven Central into a cache.

    Needs Maven (`mvn`) and Java 17+.  The folder is printed; set
    EDITLINT_LANGUAGETOOL_HOME to choose it.  Runs once: later calls return at once.
    """
    from ..languagetool.server import LanguageToolError, install

    try:
        path = install(progress=lambda m: click.echo(m, err=True))
    except LanguageToolError as e:
        _fail(str(e))
    click.echo(str(path))


@languagetool_group.command("status")
def lt_status():
    """Say whether the shared LanguageTool is running, where, and how long it has been idle."""
    from ..languagetool.service import describe

    click.echo(describe())


@languagetool_group.command("stop")
def lt_stop():
    """Stop the shared background LanguageTool now (the next grammar run starts it again)."""
    from ..languagetool.service import stop

    state = stop()
    click.echo(f"stopped LanguageTool (pid {state['pid']})" if state else "no shared LanguageTool was running")


@languagetool_group.command("serve")
@click.option("--port", type=int, default=8081, show_default=True, help="Port on 127.0.0.1.")
def lt_serve(port):
    """Run the installed LanguageTool on 127.0.0.1:PORT until Ctrl-C or SIGTERM.

    \b
    Then, in another shell:
      EDITLINT_LANGUAGETOOL_URL=http://127.0.0.1:8081 editlint draft.md
    """
    import signal as _signal

    from ..languagetool.server import LanguageToolError, Server

    try:
        server = Server(port=port).start()
    except LanguageToolError as e:
        _fail(str(e))
    click.echo(server.url, err=False)
    sys.stdout.flush()

    def stop(*_):
        server.stop()
        sys.exit(0)

    _signal.signal(_signal.SIGTERM, stop)
    try:
        while server.process is not None and server.process.poll() is None:
            try:
                server.process.wait(timeout=1)
            except Exception:  # noqa: BLE001 - TimeoutExpired: keep waiting
                pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _usage_error(e: click.UsageError) -> None:
    """Print a usage error that points at the help a user can actually run."""
    import difflib

    if isinstance(e, click.NoSuchOption) and e.possibilities:
        # click suggests anything vaguely alike ('--fix' -> '--config'); keep near misses only.
        close = [p for p in e.possibilities if difflib.SequenceMatcher(None, e.option_name, p).ratio() >= 0.75]
        e.possibilities = close
    ctx = e.ctx
    name = ctx.command_path if ctx is not None and ctx.command.name != "lint" else "editlint"
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
    click.echo(f"Try '{name} --help' for help.\n", err=True)
    click.echo(f"Error: {e.format_message()}", err=True)
    sys.exit(2)


def _terminated(signum, frame):  # pragma: no cover - exercised by a real SIGTERM in tests
    # Unwind like Ctrl-C so that a LanguageTool this run started is stopped.
    raise SystemExit(128 + signum)


def entry() -> None:
    """Console-script entry point: no traceback reaches the user.

    Exit 130 on Ctrl-C and 143 on SIGTERM (a CI cancel), after the run's
    ``finally`` blocks have stopped what it started.
    """
    import signal

    from . import gcpolicy

    gcpolicy.tune()
    signal.signal(signal.SIGTERM, _terminated)
    try:
        _run()
    finally:
        gcpolicy.at_exit()


def _run() -> None:
    try:
        main.main(prog_name="editlint", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("editlint: interrupted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.UsageError as e:
        _usage_error(e)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # noqa: BLE001 - the last line of defence
        if os.environ.get("EDITLINT_DEBUG"):
            raise
        click.echo(f"editlint: internal error: {type(e).__name__}: {e} (set EDITLINT_DEBUG=1 for details)", err=True)
        sys.exit(2)
