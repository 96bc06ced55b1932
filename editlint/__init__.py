"""editlint: an editorial linter for prose (Markdown and plain text)."""

__version__ = "0.1.0"

__all__ = ["__version__", "lint_text"]


def __getattr__(name):
    # Keep `import editlint` (and `editlint --version`) free of the engine's imports.
    if name == "lint_text":
        from .engine import lint_text

        return lint_text
    raise AttributeError(name)
