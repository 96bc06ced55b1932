"""Safe YAML loading that remembers the line of every mapping key.

Rules are data: only the safe loader is used (the C one when PyYAML has it),
so no rule file can construct Python objects or run code.

Every run reads the same style files, so what a file parsed to is kept
(:mod:`editlint.caches.parsed`, keyed by the file's text): a run whose
styles are unchanged does not import PyYAML at all.
"""

from __future__ import annotations

from .errors import ConfigError


class LinedDict(dict):
    """A dict that knows the source line of itself and of each key."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        """Line of ``key`` (or of the mapping when the key is absent)."""
        return self.lines.get(key, self.line)


_LOADER = None


def _loader():
    """The safe loader (PyYAML imported on first need: it costs 9 ms)."""
    global _LOADER
    if _LOADER is None:
        import yaml

        class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
            pass

        _Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
        _LOADER = _Loader
    return _LOADER


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    out = LinedDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConfigError("a mapping key must be a plain value", None, key_node.start_mark.line + 1)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def load_yaml(text: str, path: str):
    """Parse ``text``; any YAML error becomes a :class:`ConfigError` at its line."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - the loader derives from SafeLoader
    except ConfigError as e:
        e.path = path
        raise
    except yaml.MarkedYAMLError as e:
        if "unknown escape character" in str(e.problem) and "\\'" in text:
            # Vale's YAML parser (Go) accepts \' in double-quoted strings; so do we.
            return load_yaml(text.replace("\\'", "'"), path)
        # The context mark is where the broken construct starts (an unclosed
        # "[" on line 3), the problem mark where the parser gave up (line 4).
        mark = e.context_mark or e.problem_mark
        line = mark.line + 1 if mark else None
        detail = e.problem or e.context
        if e.context_mark and e.problem_mark and e.problem_mark.line != e.context_mark.line:
            detail = f"{e.problem} ({e.context} on this line; noticed at line {e.problem_mark.line + 1})"
        raise ConfigError(f"invalid YAML: {detail}", path, line) from None
    except yaml.YAMLError as e:
        raise ConfigError(f"invalid YAML: {e}", path) from None


def read_yaml_file(path: str):
    """Read and parse a YAML file, reporting unreadable files as config errors."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path) from None
    except OSError as e:
        raise ConfigError(f"cannot read: {e.strerror}", path) from None
    from .caches import parsed

    found = parsed.get(text)
    if found is not parsed.MISSING:
        return found
    data = load_yaml(text, path)
    parsed.put(text, data)
    return data
