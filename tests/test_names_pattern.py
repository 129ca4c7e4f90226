"""The names a story knows, found in its texts by one pattern written as a tree of their shared beginnings
(``resolve.entities.names_pattern``): hit for hit what the plain longest-first alternation finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storydiff.resolve.entities import names_pattern

ALPHABET = "ab -.'éA\n"


def plain(names: set[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])"
    )


@given(
    st.sets(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=12),
    st.text(alphabet=ALPHABET + "c", max_size=80),
)
def test_the_tree_finds_what_the_alternation_finds(names, text):
    expected = [(m.span(), m.group()) for m in plain(names).finditer(text)]
    assert [(m.span(), m.group()) for m in names_pattern(names).finditer(text)] == expected


def test_the_longest_name_that_ends_a_word_wins():
    pattern = names_pattern(["New York", "New York City", "York", "New Jersey"])
    text = "New York City, New York Cityscape, New Jersey-based, New Yorker and York."
    assert [m.group() for m in pattern.finditer(text)] == ["New York City", "New York", "York"]
    assert names_pattern([]).search("anything") is None


def test_long_names_and_deep_trees_compile_and_find_the_same():
    """Names past ``TREE_NAME_CHARS`` come first as plain alternatives; a tree as deep as it allows (every
    prefix a name) still compiles. Checked against the alternation on random names, some made long."""
    import random

    from storydiff.resolve import entities

    chain = ["a" * n for n in range(1, entities.TREE_NAME_CHARS + 1)]
    text = "a" * 150 + " " + "a" * 40 + " b" + "a" * 3000
    assert [m.group() for m in names_pattern(chain).finditer(text)] == [
        m.group() for m in plain(set(chain)).finditer(text)
    ]
    long_name = "Some Very Long Name " * 60
    assert names_pattern(["Some", long_name.strip()]).search(long_name).group() == long_name.strip()
    rng = random.Random(1)
    saved = entities.TREE_NAME_CHARS
    entities.TREE_NAME_CHARS = 3
    try:
        for _ in range(2000):
            names = {"".join(rng.choice("ab .") for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 8))}
            text = "".join(rng.choice("ab .c") for _ in range(rng.randint(0, 60)))
            expected = [(m.span(), m.group()) for m in plain(names).finditer(text)]
            assert [(m.span(), m.group()) for m in names_pattern(names).finditer(text)] == expected, (names, text)
    finally:
        entities.TREE_NAME_CHARS = saved
