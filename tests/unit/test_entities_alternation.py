import re

import pytest

from services.entities.alternation import (
    factored_alternation,
    factored_giant_alternations,
    top_level_alternatives,
)

pytestmark = pytest.mark.unit

LETTERS = "a-z" + "".join(f"\\u{code:04X}" for code in range(0x00E0, 0x0180))  # a big class, as spaCy writes them
ALTERNATIVES = [
    f"^black[-–]out[{LETTERS}]*$",
    f"^hip[-–]hop[{LETTERS}]*$",
    f"^yo[-–]yo[{LETTERS}]+$",
    f"^di(?:sney)?[-–][{LETTERS}][-'{LETTERS}]*$",
    f"^r['’][{LETTERS}][-'{LETTERS}]*$",
    f"^[{LETTERS}]+[-–]d[eu][-–](?:l['’])?[{LETTERS}]+$",
]
PATTERN = "(?iu)" + "|".join(f"(?:{alternative})" for alternative in ALTERNATIVES)
WORDS = ["black-out", "Black–outs", "black-", "hip-hop", "yo-yo", "yo-yos", "yo-", "disney-land", "di-x", "dis-x",
         "r'abat", "r'", "saut-de-ski", "pet-du-l'air", "bas-", "côte-", "hiphop", "", "a-b-c", "r'a-b'c", "BLACK-OUT\n"]


def test_a_factored_alternation_matches_exactly_the_strings_the_original_matches() -> None:
    factored = factored_alternation(PATTERN)
    assert factored is not None and factored.count(LETTERS) < PATTERN.count(LETTERS)
    original, cheaper = re.compile(PATTERN), re.compile(factored)
    assert [bool(original.match(word)) for word in WORDS] == [bool(cheaper.match(word)) for word in WORDS]


def test_patterns_that_are_not_anchored_alternations_of_groups_are_left_alone() -> None:
    assert factored_alternation(f"(?:black[{LETTERS}]*$)|(?:hip[{LETTERS}]*$)") is None  # not anchored
    assert factored_alternation(f"(?:^a[{LETTERS}]|^b)|(?:^c[{LETTERS}])") is None  # a top-level | inside
    assert factored_alternation(f"(?:^a)(?:b)|(?:^c[{LETTERS}])") is None  # not one group per alternative
    assert top_level_alternatives("(?:a[|)])|(?:b\\|)") == ["a[|)]", "b\\|"]


def test_re_compile_is_only_swapped_while_a_pipeline_loads() -> None:
    compile_before = re.compile
    with factored_giant_alternations():
        assert re.compile("a|b").match("b")
    assert re.compile is compile_before
