r"""readability: Vale's averaged grade level over named metrics.

``metrics`` lists any of ``Flesch-Kincaid``, ``Gunning Fog``,
``Coleman-Liau``, ``SMOG``, ``Automated Readability``; their average is
compared with ``grade``.  Scope works as for ``metric`` (default: the whole
document, reported at its start).  The message receives the average.

Example::

    extends: readability
    message: "Grade level (%s) too high!"
    level: warning
    scope: paragraph
    grade: 8
    metrics:
      - Flesch-Kincaid
      - Gunning Fog
    # input: Notwithstanding considerable organisational inefficiencies, multidisciplinary institutional collaborations systematically necessitate comprehensive administrative reconfiguration.
    # expect: 1:1 Grade level (44.29) too high!
"""

from __future__ import annotations

from .base import Finding, RuleValueError, v_number, v_str_list
from .metric import Formula, Metric

FORMULAS = {
    "flesch-kincaid": "(0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59",
    "gunning fog": "0.4 * ((words / sentences) + 100 * (complex_words / words))",
    "coleman-liau": "(0.0588 * (characters / words) * 100) - (0.296 * (sentences / words) * 100) - 15.8",
    "smog": "1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291",
    "automated readability": "(4.71 * (characters / words)) + (0.5 * (words / sentences)) - 21.43",
}


class Readability(Metric):
    KEYS = {"metrics": v_str_list, "grade": v_number}
    REQUIRED = ("metrics", "grade")
    DEFAULT_MESSAGE = "Grade level (%s) too high."

    def __init__(self, options, **kw):
        names = [m.lower() for m in options["metrics"]]
        unknown = [m for m in names if m not in FORMULAS]
        if unknown or not names:
            raise RuleValueError("metrics", f"'metrics' must name some of: {', '.join(k.title() for k in FORMULAS)}")
        formula = "(" + " + ".join(f"({FORMULAS[n]})" for n in names) + f") / {len(names)}"
        super().__init__({"formula": formula, "condition": f"> {options['grade']}"}, **kw)
        self.options = options
