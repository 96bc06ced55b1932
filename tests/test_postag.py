"""The part-of-speech tagger behind sequence rules."""

from __future__ import annotations

from editlint.language.postag import tag_text, tokenize


def tags(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.tag) for t in tag_text(text)]


def test_treebank_tokens_keep_offsets():
    text = "I don't think the endpoint's well-known, e.g. at 10:30."
    toks = tokenize(text)
    assert [w for _, _, w in toks] == ["I", "do", "n't", "think", "the", "endpoint", "'s", "well-known", ",", "e.g.", "at", "10:30", "."]
    assert all(text[a:b] == w for a, b, w in toks)


def test_lexicon_context_and_unknown_words():
    got = dict(tags("Metadata for this purpose is valid."))
    assert got["Metadata"] == "NN"  # unknown, sentence-initial: a noun, not a name
    assert got["is"] == "VBZ" and got["valid"] == "JJ"
    got = tags("In my opinion, he is still the greatest player of all times.")
    assert ("greatest", "JJS") in got and ("times", "NNS") in got and ("he", "PRP") in got
    got = dict(tags("Could Todd Price be available?"))
    assert got["Todd"] == got["Price"] == "NNP" and got["Could"] == "MD"


def test_function_words_are_not_turned_into_content_words():
    assert ("of", "IN") in tags("All of our local meetups are great.")


def test_lets_is_a_pronoun_so_the_next_word_is_a_verb():
    got = tags("Let's meet up at noon.")
    assert ("'s", "PRP") in got and ("meet", "VB") in got
