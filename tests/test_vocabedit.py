"""Adding a term to the vocabulary as a text edit: comments and layout kept, result re-parsed."""

from __future__ import annotations

import pytest
import yaml

from editlint.edges.vocabedit import add_to_lines, add_to_yaml


@pytest.mark.parametrize("before", [
    "",
    "styles: [Editorial]\n",
    "styles: [Editorial]  # house style\nmin_level: warning",
    "vocab:\n  accept:\n    - Kubernetes\n    - \"O'Neill\"\n  reject: [utilize]\n# end\n",
    "vocab:\n    reject:\n        - utilize\n",
    "vocab:\n  accept: [Kubernetes, gRPC]\n",
    "vocab:\n  accept: []\nstyles: [Editorial]\n",
    "vocab:\n  accept:\n  - Kubernetes\nstyles: [Editorial]\n",
])
def test_the_term_is_added_and_nothing_else_changes(before):
    after = add_to_yaml(before, "Zoë Ng")
    assert after is not None
    old = yaml.safe_load(before) or {}
    new = yaml.safe_load(after)
    accept = ((old.get("vocab") or {}).get("accept") or []) + ["Zoë Ng"]
    assert new["vocab"]["accept"] == accept
    assert {k: v for k, v in new.items() if k != "vocab"} == {k: v for k, v in old.items() if k != "vocab"}
    assert {k: v for k, v in new["vocab"].items() if k != "accept"} == {k: v for k, v in (old.get("vocab") or {}).items() if k != "accept"}
    for line in before.splitlines():
        if line.strip().startswith("#") or "# " in line:
            assert line in after  # comments survive


def test_a_term_already_accepted_or_a_layout_it_cannot_extend_is_refused():
    assert add_to_yaml("vocab:\n  accept: [Zed]\n", "Zed") is None
    assert add_to_yaml("vocab:\n  accept: &terms\n    - a\n", "Zed") is None or "Zed" in yaml.safe_load(add_to_yaml("vocab:\n  accept: &terms\n    - a\n", "Zed"))["vocab"]["accept"]
    assert add_to_yaml("- not\n- a mapping\n", "Zed") is None
    assert add_to_yaml("vocab: [: broken\n", "Zed") is None


def test_accept_txt_gets_a_line():
    assert add_to_lines("", "gRPC") == "gRPC\n"
    assert add_to_lines("Kubernetes", "gRPC") == "Kubernetes\ngRPC\n"
    assert add_to_lines("gRPC\n", "gRPC") is None
