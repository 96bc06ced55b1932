"""Hunspell dictionaries (``.aff`` + ``.dic``) as a set of word forms.

Like Vale, editlint expands every dictionary entry with the prefixes and
suffixes its flags allow (``SFX``/``PFX`` with conditions, cross products)
into one set, so a lookup is a set membership test; ``COMPOUNDRULE`` becomes
a regular expression over the flagged entries (how en_US accepts "21st" and
"10th") and ``ICONV`` folds typographic apostrophes before checking.  What
full Hunspell adds beyond that (compound flags other than COMPOUNDRULE,
morphology, two-level continuation classes) is not used by the dictionaries
Vale styles ship and is ignored.

The bundled dictionary is en_US from SCOWL (via the npm package
``dictionary-en`` 4.0.0; licence in ``data/dictionaries/LICENSE-en_US``).
An expanded dictionary is cached on disk next to the word cache, so a run
pays the expansion (about a second for en_US) once per dictionary version.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "dictionaries")
DEFAULT = "en_US"
CACHE_VERSION = 1


@dataclass
class _Affix:
    strip: str
    add: str
    condition: re.Pattern | None
    cross: bool


@dataclass
class AffixFile:
    """The parts of an ``.aff`` file that decide which words exist."""

    flag_mode: str = "char"
    prefixes: dict[str, list[_Affix]] = field(default_factory=dict)
    suffixes: dict[str, list[_Affix]] = field(default_factory=dict)
    compound_rules: list[str] = field(default_factory=list)
    iconv: list[tuple[str, str]] = field(default_factory=list)
    no_base: set[str] = field(default_factory=set)  # NEEDAFFIX, ONLYINCOMPOUND
    forbidden: str | None = None

    def split_flags(self, flags: str) -> list[str]:
        if self.flag_mode == "long":
            return [flags[i : i + 2] for i in range(0, len(flags), 2)]
        if self.flag_mode == "num":
            return [f for f in flags.split(",") if f]
        return list(flags)


def parse_aff(text: str) -> AffixFile:
    """Read the affix rules of an ``.aff`` file."""
    aff = AffixFile()
    lines = [ln.strip() for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    pending: dict[tuple[str, str], bool] = {}
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        key = parts[0]
        if key == "FLAG" and len(parts) > 1:
            aff.flag_mode = {"long": "long", "num": "num", "UTF-8": "char"}.get(parts[1], "char")
        elif key in ("PFX", "SFX") and len(parts) >= 4:
            flag = parts[1]
            table = aff.prefixes if key == "PFX" else aff.suffixes
            if (key, flag) not in pending and parts[2] in ("Y", "N") and parts[3].isdigit():
                pending[(key, flag)] = parts[2] == "Y"
                table.setdefault(flag, [])
                continue
            strip = "" if parts[2] == "0" else parts[2]
            add = parts[3].split("/", 1)[0]
            add = "" if add == "0" else add
            cond = parts[4] if len(parts) > 4 else "."
            table.setdefault(flag, []).append(_Affix(strip, add, _condition(cond, key == "PFX"), pending.get((key, flag), False)))
        elif key == "COMPOUNDRULE" and len(parts) > 1 and not parts[1].isdigit():
            aff.compound_rules.append(parts[1])
        elif key == "ICONV" and len(parts) > 2:
            aff.iconv.append((parts[1], parts[2]))
        elif key in ("NEEDAFFIX", "ONLYINCOMPOUND") and len(parts) > 1:
            aff.no_base.add(parts[1])
        elif key == "FORBIDDENWORD" and len(parts) > 1:
            aff.forbidden = parts[1]
    return aff


@lru_cache(maxsize=1024)
def _condition(cond: str, prefix: bool) -> re.Pattern | None:
    if cond == ".":
        return None
    try:
        return re.compile(("^" + cond) if prefix else (cond + "$"))
    except re.error:
        return None


def expand(aff: AffixFile, dic_text: str) -> tuple[set[str], dict[str, list[str]]]:
    """Every word form of the ``.dic`` entries, and entries by flag (for compounds)."""
    words: set[str] = set()
    by_flag: dict[str, list[str]] = {}
    compound_flags = {c for rule in aff.compound_rules for c in rule if c not in "()*+?"}
    lines = dic_text.splitlines()
    if lines and lines[0].strip().isdigit():
        lines = lines[1:]
    for line in lines:
        line = line.split("\t", 1)[0].strip()
        if not line:
            continue
        word, _, flags = line.partition("/")
        word = word.replace("\\/", "/")
        flag_list = aff.split_flags(flags) if flags else []
        if aff.forbidden and aff.forbidden in flag_list:
            continue
        for f in flag_list:
            if f in compound_flags:
                by_flag.setdefault(f, []).append(word)
        if not any(f in aff.no_base for f in flag_list):
            words.add(word)
        suffixed = []
        for f in flag_list:
            for sfx in aff.suffixes.get(f, ()):
                if sfx.strip and not word.endswith(sfx.strip):
                    continue
                if sfx.condition is not None and not sfx.condition.search(word):
                    continue
                form = (word[: len(word) - len(sfx.strip)] if sfx.strip else word) + sfx.add
                words.add(form)
                if sfx.cross:
                    suffixed.append(form)
        for f in flag_list:
            for pfx in aff.prefixes.get(f, ()):
                for base in [word, *suffixed] if pfx.cross else [word]:
                    if pfx.strip and not base.startswith(pfx.strip):
                        continue
                    if pfx.condition is not None and not pfx.condition.search(base):
                        continue
                    words.add(pfx.add + base[len(pfx.strip) :])
    return words, by_flag


class Dictionary:
    """Word forms of one or more Hunspell dictionaries plus added word lists."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.compounds: list[re.Pattern] = []
        self.iconv: dict[str, str] = {}
        #: Files read into this dictionary, in order.
        self.sources: list[str] = []

    def add_hunspell(self, aff_path: str, dic_path: str) -> None:
        self.sources += [aff_path, dic_path]
        words, compounds, iconv = _load_expanded(aff_path, dic_path)
        self.words |= words
        self.compounds.extend(re.compile(p) for p in compounds)
        self.iconv.update(iconv)

    def add_word_list(self, path: str) -> None:
        """One word per line (Vale's ``ignore`` files); blank lines and ``#`` comments skipped."""
        self.sources.append(path)
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                word = line.strip()
                if word and not word.startswith("#"):
                    self.words.add(word)

    def convert(self, text: str) -> str:
        """Apply the dictionaries' ICONV (one character for one, so offsets hold)."""
        for a, b in self.iconv.items():
            if len(a) == len(b):
                text = text.replace(a, b)
        return text

    def __contains__(self, word: str) -> bool:
        if word in self.words or word.lower() in self.words:
            return True
        return any(p.fullmatch(word) for p in self.compounds)

    def suggest(self, word: str, limit: int = 5) -> list[str]:
        """Dictionary words one edit away (then two), commonest shapes first."""
        lower = word.lower()
        # Bounded work: nothing in the dictionary is within reach of a word
        # much longer than its longest entry, and the two-edit search grows
        # with the square of the length (a 300-letter word took minutes).
        if len(lower) > MAX_SUGGEST_LENGTH:
            return []
        letters = "abcdefghijklmnopqrstuvwxyz'"
        seen: dict[str, None] = {}
        for cand in _edits(lower, letters):
            if cand in self.words and cand != lower:
                seen[cand] = None
        if not seen and len(lower) <= MAX_TWO_EDIT_LENGTH:
            for e1 in _edits(lower, letters):
                if len(seen) >= limit:
                    break
                for cand in _edits(e1, letters):
                    if cand in self.words and cand != lower:
                        seen[cand] = None
        out = list(seen)[:limit]
        if word[:1].isupper():
            out = [w[:1].upper() + w[1:] for w in out]
        return out


#: Longest word that gets suggestions, and longest searched two edits deep.
MAX_SUGGEST_LENGTH = 40
MAX_TWO_EDIT_LENGTH = 20


def _edits(word: str, letters: str):
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if b:
            yield a + b[1:]
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]
        for c in letters:
            if b:
                yield a + c + b[1:]
            yield a + c + b


def _load_expanded(aff_path: str, dic_path: str):
    """Expanded word set for a dictionary pair, through an on-disk cache."""
    key = _cache_key(aff_path, dic_path)
    return _load_cached(key, aff_path, dic_path)


@lru_cache(maxsize=16)
def _load_cached(key: str, aff_path: str, dic_path: str):
    from ..caches.words import cache_dir

    cache = os.path.join(cache_dir(), f"dict-{key}.marshal")
    try:
        with open(cache, "rb") as fh:
            words, compounds, iconv = marshal.load(fh)
        return set(words), compounds, iconv
    except (OSError, EOFError, ValueError, TypeError):
        pass
    with open(aff_path, encoding="utf-8", errors="replace") as fh:
        aff = parse_aff(fh.read())
    with open(dic_path, encoding="utf-8", errors="replace") as fh:
        words, by_flag = expand(aff, fh.read())
    compounds = []
    for rule in aff.compound_rules:
        pattern = ""
        for c in rule:
            if c in "()*+?":
                pattern += c
            else:
                pattern += "(?:" + "|".join(re.escape(w) for w in by_flag.get(c, ["(?!)"])) + ")"
        compounds.append(pattern)
    iconv = {a: b for a, b in aff.iconv}
    try:
        from ..caches.fsutil import atomic_write

        os.makedirs(os.path.dirname(cache), exist_ok=True)
        atomic_write(cache, marshal.dumps((list(words), compounds, iconv)))
    except OSError:
        pass  # a read-only home still lints, just without the cache
    return words, compounds, iconv


def _cache_key(aff_path: str, dic_path: str) -> str:
    # By content: copies of one dictionary (a style vendored in many repos,
    # test folders) share one expansion.
    h = hashlib.sha1(str(CACHE_VERSION).encode())
    for p in (aff_path, dic_path):
        with open(p, "rb") as fh:
            h.update(hashlib.sha1(fh.read()).digest())
    return h.hexdigest()[:16]


def default_paths() -> tuple[str, str]:
    """``(aff, dic)`` of the bundled en_US dictionary."""
    return os.path.join(DATA_DIR, f"{DEFAULT}.aff"), os.path.join(DATA_DIR, f"{DEFAULT}.dic")
