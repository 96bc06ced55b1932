"""Build a synthetic article archive from the shared corpora (tests and bench/batch.py).

    python bench/archive.py archive.parquet 200000 [--distinct 5000]

Articles are one to three consecutive paragraphs of a real text — Guardian
news stories (``onestopenglish``, plain text), GUM documents, and sections of
the Chef docs tree (Markdown with headings, lists and code) — each under its
own id, with a format column (``md`` or ``txt``).  ``distinct`` bounds how
many different texts there are (rows reuse them under new ids), so a test can
check every row against ``lint_text`` while linting each text only once.
``corrupt`` adds rows a real export contains: a missing text, bytes that are
not UTF-8, an empty string and an unknown format (then the text column is
binary, as an export of raw bytes would be).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"

#: Rows a sloppy export contains, as (text, format): each must become an error row
#: or lint cleanly, never fail the job.
CORRUPT = [
    (None, "md"),
    (b"Caf\xe9 owners said the \xff\xfe rates were unfair.", "txt"),
    ("", "md"),
    ("A fine paragraph in a format nobody knows.", "docx"),
]


def _paragraphs(limit_files: int = 2000) -> list[tuple[str, str]]:
    """(paragraph, format) from the corpora, in a fixed order."""
    out: list[tuple[str, str]] = []
    for pattern, fmt in (("onestopenglish/*/*.txt", "txt"), ("gum-dev/**/*.txt", "txt"), ("chef-web-docs/content/**/*.md", "md")):
        for path in sorted(SHARED.glob(pattern))[:limit_files]:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            if fmt == "md" and text.startswith("+++"):
                end = text.find("+++", 3)
                text = text[end + 3 :] if end > 0 else text
            for block in text.replace("\r\n", "\n").split("\n\n"):
                block = block.strip()
                if 8 <= len(block.split()) <= 400:
                    out.append((block, fmt))
    return out


def articles(n: int, *, distinct: int | None = None, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` (text, format) pairs drawn from at most ``distinct`` different texts."""
    paras = _paragraphs()
    if not paras:
        raise SystemExit(f"no corpora under {SHARED}")
    rng = random.Random(seed)
    pool_size = min(n, distinct or n)
    pool = []
    for _ in range(pool_size):
        i = rng.randrange(len(paras))
        k = rng.choice((1, 1, 2, 3))
        fmt = paras[i][1]
        pool.append(("\n\n".join(p for p, f in paras[i : i + k] if f == fmt), fmt))
    return [pool[i] if i < pool_size else pool[rng.randrange(pool_size)] for i in range(n)]


def write_archive(path: str, n: int, *, distinct: int | None = None, corrupt: bool = False, seed: int = 7, row_group: int = 10_000) -> list[tuple[str, object, str]]:
    """Write ``n`` articles (plus the corrupt rows) as Parquet, JSON Lines or CSV by
    ``path``'s suffix; return the rows written as (id, text, format)."""
    import pyarrow as pa

    rows = [(f"art-{i:07d}", text, fmt) for i, (text, fmt) in enumerate(articles(n, distinct=distinct, seed=seed))]
    if corrupt:
        step = max(1, len(rows) // (len(CORRUPT) + 1))
        for k, (text, fmt) in enumerate(CORRUPT):
            rows.insert((k + 1) * step, (f"bad-{k}", text, fmt))
    binary = corrupt
    texts = [t.encode("utf-8") if binary and isinstance(t, str) else t for _, t, _ in rows]
    table = pa.table({
        "id": pa.array([r[0] for r in rows], pa.string()),
        "body": pa.array(texts, pa.binary() if binary else pa.string()),
        "fmt": pa.array([r[2] for r in rows], pa.string()),
    })
    suffix = Path(path).suffix
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path, row_group_size=row_group)
    elif suffix == ".csv":
        from pyarrow import csv

        csv.write_csv(table, path)
    else:
        import json

        with open(path, "w", encoding="utf-8") as fh:
            for ident, text, fmt in rows:
                fh.write(json.dumps({"id": ident, "body": text if not isinstance(text, bytes) else text.decode("latin-1"), "fmt": fmt}) + "\n")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("n", type=int)
    ap.add_argument("--distinct", type=int, default=None)
    ap.add_argument("--corrupt", action="store_true")
    args = ap.parse_args()
    rows = write_archive(args.path, args.n, distinct=args.distinct, corrupt=args.corrupt)
    print(f"{args.path}: {len(rows):,} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
