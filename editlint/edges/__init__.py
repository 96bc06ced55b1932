"""The edges around the pure core (:func:`editlint.engine.lint_text`): the
command line, file reading and the runner, ``--fix``, ``--diff``, baselines,
``explain``/``init``, the language server and batch runs on Dask.  Files,
processes and terminals are handled here and nowhere in the core."""
