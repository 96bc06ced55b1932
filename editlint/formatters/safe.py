"""Untrusted text (a linted file's words, its name) made safe for each medium.

A draft can hold terminal escape sequences, and a file name can hold a
newline followed by a GitHub workflow command.  Every formatter and every
line editlint writes to stderr passes such text through one of these.
"""

from __future__ import annotations

import re

#: C0 controls but tab, DEL, and C1 controls (ESC starts terminal sequences;
#: CSI U+009B does the same on some terminals).
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
#: Characters XML 1.0 forbids (even escaped).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r"}.get(ch, f"\\x{ord(ch):02x}")


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` (never sent raw to a terminal)."""
    return _CONTROLS.sub(_escape, text) if _CONTROLS.search(text) else text


def line_safe(text: str) -> str:
    """One line for a log that CI reads: printable, and never starting with
    ``::`` (a GitHub Actions workflow command)."""
    text = printable(text)
    return "./" + text if text.startswith("::") else text


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (shown as ``\\xNN``)."""
    return _XML_ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else "\ufffd", text)
