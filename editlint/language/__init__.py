"""Language data and NLP helpers: part-of-speech tagging, Hunspell
dictionaries, readability figures and repeated-block detection.  The data
they read lives in ``editlint/data/``."""
