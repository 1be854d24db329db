"""The shipped lexicon: every entry hits its examples and misses its counter-examples; the validator names faults."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.core import checks

from tandem.language import LexiconError, advise
from tandem.language.checks import lexicon_loads
from tandem.language.lexicon import (
    DEFAULT_PATH,
    Lexicon,
    build,
    compile_pattern,
    get_lexicon,
    load,
    prefix_key,
    prefixes,
)

SHIPPED = load(DEFAULT_PATH)
EXAMPLES = [
    pytest.param(entry.id, example, id=f"{entry.id}: {example}")
    for entry in SHIPPED.entries
    for example in entry.examples
]
NOT_EXAMPLES = [
    pytest.param(entry.id, example, id=f"{entry.id}: {example}")
    for entry in SHIPPED.entries
    for example in entry.not_examples
]
CATEGORIES_REQUIRED = {
    "self-blame",
    "choice",
    "consent",
    "relationship",
    "prostitution",
    "transaction",
    "offender",
    "missing",
    "labelling",
    "engagement",
    "threshold",
}


@pytest.mark.parametrize(("entry_id", "example"), EXAMPLES)
def test_every_entry_flags_its_examples(entry_id: str, example: str) -> None:
    assert entry_id in [finding.entry for finding in advise(example, lexicon=SHIPPED)]


@pytest.mark.parametrize(("entry_id", "example"), NOT_EXAMPLES)
def test_no_entry_flags_the_counter_examples(entry_id: str, example: str) -> None:
    assert entry_id not in [finding.entry for finding in advise(example, lexicon=SHIPPED)]


def test_every_entry_has_an_example_and_a_cited_source() -> None:
    for entry in SHIPPED.entries:
        assert entry.examples, entry.id
        assert entry.source in SHIPPED.sources, entry.id


def test_the_shipped_lexicon_covers_every_category() -> None:
    assert {entry.category for entry in SHIPPED.entries} == CATEGORIES_REQUIRED == set(SHIPPED.categories)


def test_the_shipped_lexicon_cites_the_domain_sources() -> None:
    assert set(SHIPPED.sources) == {"T5", "T10", "T11", "T12", "T17"}
    assert SHIPPED.sources["T11"].title == (
        "Appropriate language: child sexual and/or criminal exploitation – guidance for professionals"
    )


def test_every_shipped_pattern_is_indexed_by_how_it_starts() -> None:
    assert SHIPPED.searched_in_full == ()
    indexed = {id(pattern) for bucket in SHIPPED.by_prefix.values() for _, pattern in bucket.patterns}
    assert indexed == {id(pattern) for entry in SHIPPED.entries for pattern in entry.compiled}


def test_prefixes_of_a_pattern() -> None:
    assert prefixes(compile_pattern("(?:put|place)s? x", {})) == {"pu", "pl"}
    assert prefixes(compile_pattern(r"(?:he )?\d{1,2}-year", {})) == (
        {"he"} | {f"{d}{e}" for d in "0123456789" for e in "0123456789-"}
    )
    assert prefixes(compile_pattern("[A-C]at|d og", {})) == {"aa", "ba", "ca", "d "}
    assert prefixes(compile_pattern(r"a\w+ing", {})) is None
    assert prefixes(compile_pattern("x", {})) is None


def test_prefix_key_reads_two_characters_in_lower_case_with_any_space_as_a_space() -> None:
    assert prefix_key("She is", 0) == "sh"
    assert prefix_key("a\u00a0b", 0) == "a "
    assert prefix_key("x\nb", 0) == "x "
    assert prefix_key("ab", 1) == "b"


def reference(text: str, lexicon: Lexicon, child_age: int | None = None) -> list[tuple[int, int, str]]:
    """The matcher without the index: every pattern tried at every position."""
    candidates = []
    for entry in lexicon.entries:
        if entry.advice_for_age(child_age) is None:
            continue
        for pattern in entry.compiled:
            for position in range(len(text)):
                match = pattern.match(text, position)
                if match is None:
                    continue
                other = match.groupdict().get("other_age")
                if other is not None and not lexicon.other_person_counts(int(other), child_age):
                    continue
                candidates.append((match.start(), match.start() - match.end(), entry.index, match.end(), entry.id))
    found, reached = [], 0
    for start, _, _, end, entry_id in sorted(candidates, key=lambda c: c[:3]):
        if start >= reached:
            found.append((start, end, entry_id))
            reached = end
    return found


@pytest.mark.parametrize("child_age", [None, 12, 15, 17, 19])
def test_the_index_finds_exactly_what_trying_every_position_finds(child_age: int | None) -> None:
    texts = [example for entry in SHIPPED.entries for example in (*entry.examples, *entry.not_examples)]
    text = "\n".join(" ".join(texts[i::7]) for i in range(7))
    expected = reference(text, SHIPPED, child_age)
    assert len(expected) > 100
    assert [(f.start, f.end, f.entry) for f in advise(text, child_age=child_age, lexicon=SHIPPED)] == expected


def test_a_pattern_with_no_known_first_character_is_still_found(tmp_path: Path) -> None:
    raw = minimal_lexicon()
    raw["entry"][0]["patterns"] = [r"\w*sconded"]
    raw["entry"][0]["examples"] = ["absconded"]
    lexicon = build(raw, path=tmp_path / "x.toml")
    assert len(lexicon.searched_in_full) == 1
    assert [(f.phrase, f.start) for f in advise("he absconded", lexicon=lexicon)] == [("absconded", 3)]


def test_the_default_lexicon_is_the_shipped_file(settings: Any) -> None:
    settings.TANDEM_LANGUAGE_LEXICON = None
    assert get_lexicon() is SHIPPED


def test_a_configured_lexicon_replaces_the_shipped_one(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    settings.TANDEM_LANGUAGE_LEXICON = str(path)
    assert [(f.phrase, f.suggestion, f.source) for f in advise("He went AWOL and absconded.")] == [
        ("AWOL", "Consider ‘went missing’.", "LOCAL")
    ]


def test_the_system_check_names_the_broken_entry(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(MINIMAL.replace("'awol'", "'awol('"), encoding="utf-8")
    settings.TANDEM_LANGUAGE_LEXICON = str(path)
    [error] = lexicon_loads()
    assert error.id == "language.E001"
    assert error.level == checks.ERROR
    assert error.msg.startswith("entry 'went-awol' (number 1): pattern 1 'awol(': is not a valid regular expression")


def test_the_system_check_passes_for_the_shipped_lexicon(settings: Any) -> None:
    settings.TANDEM_LANGUAGE_LEXICON = None
    assert lexicon_loads() == []


MINIMAL = """
[lexicon]
name = "Local lexicon"
version = "1"

[categories]
missing = "Missing episodes"

[sources.LOCAL]
title = "Local guidance"
publisher = "A partnership"
url = "https://example.org/guidance"

[[entry]]
id = "went-awol"
category = "missing"
source = "LOCAL"
patterns = ['awol']
suggestion = "Consider ‘went missing’."
explanation = "‘AWOL’ is a military word."
examples = ["went AWOL"]
"""


def minimal_lexicon() -> dict[str, Any]:
    return tomllib.loads(MINIMAL)


def problems_with(change: Any) -> list[str]:
    raw = minimal_lexicon()
    change(raw)
    with pytest.raises(LexiconError) as caught:
        build(raw, path=Path("test.toml"))
    return caught.value.problems


def entry(raw: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = raw["entry"][0]
    return result


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda raw: entry(raw).update(patterns=["awol("]),
            "entry 'went-awol' (number 1): pattern 1 'awol(': is not a valid regular expression",
        ),
        (
            lambda raw: entry(raw).update(patterns=["(?:awol)?"], examples=["x"]),
            "entry 'went-awol' (number 1): pattern 1 '(?:awol)?': matches empty text",
        ),
        (
            lambda raw: entry(raw).update(patterns=["{nothing} awol"]),
            "entry 'went-awol' (number 1): pattern 1 '{nothing} awol': unknown macro {nothing}",
        ),
        (
            lambda raw: entry(raw).update(patterns=["(?P<who>awol)"]),
            "entry 'went-awol' (number 1): pattern 1 '(?P<who>awol)': names groups ['who']; only "
            "(?P<other_age>...) is allowed",
        ),
        (
            lambda raw: entry(raw).update(category="tone"),
            "entry 'went-awol' (number 1): category 'tone' is not listed in [categories]",
        ),
        (
            lambda raw: entry(raw).update(source="T99"),
            "entry 'went-awol' (number 1): source 'T99' is not listed in [sources]",
        ),
        (
            lambda raw: entry(raw).update(suggestion="Consider 'went missing'."),
            "entry 'went-awol' (number 1) suggestion has a straight quote: use ‘ ’ or “ ” (pages refuse straight "
            "quotes)",
        ),
        (
            lambda raw: entry(raw).update(explanation=" "),
            "entry 'went-awol' (number 1) explanation is missing or empty",
        ),
        (
            lambda raw: entry(raw).update(examples=[]),
            "entry 'went-awol' (number 1) examples must have at least one example",
        ),
        (
            lambda raw: entry(raw).update(examples=["went missing"]),
            "entry 'went-awol' (number 1): example 'went missing' is not matched by any of its patterns",
        ),
        (
            lambda raw: entry(raw).update(not_examples=["AWOL again"]),
            "entry 'went-awol' (number 1): not_example 'AWOL again' is matched by one of its patterns",
        ),
        (lambda raw: entry(raw).update(id="Went AWOL"), "entry 'Went AWOL' (number 1): id must be lower-case words"),
        (lambda raw: entry(raw).update(tone="soft"), "entry 'went-awol' (number 1): unknown keys tone"),
        (
            lambda raw: raw["entry"].append(dict(entry(raw))),
            "entry 'went-awol' (number 2): another entry already has this id",
        ),
        (
            lambda raw: entry(raw).update(ages=[{"min": 16, "max": 12, "suggestion": "A.", "explanation": "B."}]),
            "entry 'went-awol' (number 1) ages row 1: min 16 is more than max 12",
        ),
        (
            lambda raw: entry(raw).update(
                ages=[
                    {"max": 13, "suggestion": "A.", "explanation": "B."},
                    {"min": 13, "suggestion": "C.", "explanation": "D."},
                ]
            ),
            "entry 'went-awol' (number 1) ages row 2: ages 13–25 overlap another row (0–13)",
        ),
        (
            lambda raw: entry(raw).update(ages=[{"max": 40, "suggestion": "A.", "explanation": "B."}]),
            "entry 'went-awol' (number 1) ages row 1 max must be a whole number from 0 to 25",
        ),
        (lambda raw: raw["sources"]["LOCAL"].update(url="example.org"), "source 'LOCAL' url must be a web address"),
        (lambda raw: raw.pop("entry"), "the file has no [[entry]] tables"),
        (lambda raw: raw["lexicon"].update(older_gap=0), "[lexicon] older_gap must be a whole number of years"),
    ],
)
def test_the_validator_names_what_is_wrong(change: Any, problem: str) -> None:
    found = problems_with(change)
    assert [p for p in found if p.startswith(problem)] != [], found


def test_the_validator_reports_every_problem_at_once() -> None:
    def break_twice(raw: dict[str, Any]) -> None:
        entry(raw).update(category="tone", source="T99")

    assert problems_with(break_twice) == [
        "entry 'went-awol' (number 1): category 'tone' is not listed in [categories]",
        "entry 'went-awol' (number 1): source 'T99' is not listed in [sources]",
    ]


def test_the_error_message_lists_the_file_and_problems() -> None:
    error = LexiconError(Path("/x/lexicon.toml"), ["entry 'a' (number 1): bad"])
    assert str(error) == "The language lexicon /x/lexicon.toml has 1 problem(s):\n  - entry 'a' (number 1): bad"


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=re.escape("the file does not exist")):
        load(tmp_path / "nowhere.toml")


def test_a_file_that_is_not_toml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[lexicon\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="the file is not valid TOML"):
        load(path)


def test_spaces_in_patterns_match_any_whitespace_but_not_inside_words(tmp_path: Path) -> None:
    raw = minimal_lexicon()
    entry(raw).update(patterns=["went awol"], examples=["went AWOL"])
    lexicon = build(raw, path=tmp_path / "x.toml")
    assert [f.phrase for f in advise("she went\n  awol", lexicon=lexicon)] == ["went\n  awol"]
    assert advise("wentawol, unwent awol-ish", lexicon=lexicon) == []
