"""The DBLP-number rule has one home, in the parsers layer, and the core uses it."""

from __future__ import annotations

import pytest

from parsers.dblp import display_name, drop_dblp_number, is_dblp_number, split_dblp
from parsers.names import name_key, name_penalty


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("Sheng Li 0019", ("Sheng Li", "0019")),
        ("  Sheng Li 0019 ", ("Sheng Li", "0019")),
        ("Sheng Li", ("Sheng Li", None)),
        ("Sheng Li 19", ("Sheng Li 19", None)),  # not four digits: part of the name
        ("0019", ("0019", None)),  # a number alone is no name with a number
        ("Sheng Li 00190", ("Sheng Li 00190", None)),
    ],
)
def test_split_dblp(name, split):
    assert split_dblp(name) == split
    assert display_name(name) == split[0]


def test_every_rule_sees_past_the_number():
    assert is_dblp_number("0019") and not is_dblp_number("019")
    assert drop_dblp_number(["Sheng", "Li", "0019"]) == ["Sheng", "Li"]
    assert drop_dblp_number(["0019"]) == ["0019"]
    assert name_key("Sheng Li 0019") == name_key("sheng  li") == "sheng li"
    assert name_penalty("Sheng Li 0019") == name_penalty("Sheng Li") == 0


def test_the_core_uses_the_parsers_rule():
    from paperscope import authors

    assert authors.split_dblp is split_dblp
    assert authors.display_name is display_name
