from .edges.cli import entry

entry()
