"""advise(): hits, misses, offsets, overlaps and the age rules."""

from __future__ import annotations

import itertools

import pytest
from django import forms

from tandem.language import Finding, advice_for, advise


def phrases(text: str, *, child_age: int | None = None) -> list[tuple[str, str]]:
    return [(f.phrase, f.entry) for f in advise(text, child_age=child_age)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She keeps putting herself at risk.", [("putting herself at risk", "putting-self-at-risk")]),
        ("He is placing himself in danger.", [("placing himself in danger", "putting-self-at-risk")]),
        ("They put themselves at serious risk.", [("put themselves at serious risk", "putting-self-at-risk")]),
        ("Concerns about his risk-taking behaviour.", [("risk-taking behaviour", "risk-taking-behaviour")]),
        ("This appears to be a lifestyle choice.", [("lifestyle choice", "lifestyle-choice")]),
        ("She is making choices.", [("is making choices", "making-choices")]),
        ("She is choosing to go missing.", [("choosing to go missing", "choosing-to")]),
        ("She went willingly.", [("willingly", "willingly")]),
        ("She says she wants to be there.", [("wants to be there", "wants-to-be-there")]),
        ("The sex was consensual.", [("consensual", "consensual")]),
        ("She consented to sex.", [("consented to sex", "consensual")]),
        ("She agreed to sex.", [("agreed to sex", "consensual")]),
        ("She is sexually active.", [("sexually active", "sexually-active")]),
        ("Her 24-year-old boyfriend collected her.", [("24-year-old boyfriend", "boyfriend-adult")]),
        ("Her boyfriend, 19, was there.", [("boyfriend, 19", "boyfriend-adult")]),
        ("She has an older boyfriend.", [("older boyfriend", "boyfriend-adult")]),
        ("He is a prostitute.", [("prostitute", "prostitution")]),
        ("This is child prostitution.", [("child prostitution", "prostitution")]),
        ("She is selling sex.", [("selling sex", "selling-sex")]),
        ("He said it was sex work.", [("sex work", "selling-sex")]),
        ("He was called a rent boy.", [("rent boy", "prostitution")]),
        ("She was exchanging sex for drugs.", [("exchanging sex for", "transactional-sex")]),
        ("It was sex for money.", [("sex for money", "transactional-sex")]),
        ("Sex for gifts and lifts.", [("Sex for gifts", "transactional-sex")]),
        ("He is a drug dealer.", [("He is a drug dealer", "offender-label")]),
        ("He is a runner for older males.", [("runner for older males", "drug-running")]),
        ("She is seen as a gang member.", [("She is seen as a gang member", "offender-label")]),
        ("The child is an offender.", [("The child is an offender", "offender-label")]),
        ("The young person is a perpetrator.", [("The young person is a perpetrator", "offender-label")]),
        ("He recruited others.", [("recruited others", "recruiting-others")]),
        ("She absconded from placement.", [("absconded", "absconded")]),
        ("He keeps absconding.", [("absconding", "absconded")]),
        ("She is very streetwise.", [("streetwise", "streetwise")]),
        ("She is promiscuous.", [("promiscuous", "promiscuous")]),
        ("She refused to engage.", [("refused to engage", "not-engaging")]),
        ("He is non-compliant.", [("non-compliant", "non-compliant")]),
        ("She is a hard to reach young person.", [("hard to reach young person", "hard-to-reach")]),
        ("He is not engaging.", [("not engaging", "not-engaging")]),
        ("He was uncooperative.", [("uncooperative", "non-compliant")]),
        ("NFA: insufficient evidence.", [("insufficient evidence", "insufficient-evidence")]),
        ("She can be manipulative.", [("manipulative", "manipulative")]),
        ("Her self-harm is attention seeking.", [("attention seeking", "attention-seeking")]),
        ("He is known to police.", [("known to police", "known-to")]),
        ("She is associating with older males.", [("associating with older males", "associating-with")]),
        ("He was hanging around with older men.", [("hanging around with older men", "associating-with")]),
        (
            "She is in a relationship with a 24-year-old.",
            [("in a relationship with a 24-year-old", "relationship-with-adult")],
        ),
    ],
)
def test_flags_wording(text: str, expected: list[tuple[str, str]]) -> None:
    assert phrases(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The school offered a choice of GCSE options.",
        "She was not at risk of harm from her sister.",
        "The risk assessment was reviewed at the strategy discussion.",
        "She is willing to talk to her social worker.",
        "Mum consented to the referral and to information being shared.",
        "This was non-consensual.",
        "It was not consensual.",
        "She is physically active and plays netball.",
        "She was with her boyfriend at the cinema.",
        "He is a keen runner.",
        "He was placed in a young offender institution.",
        "She was manipulated by adults.",
        "For the attention of the team manager.",
        "She is known to her neighbours.",
        "No evidence of bruising was seen.",
        "She engaged well with the worker.",
        "The shelf is hard to reach.",
        "She sells herself short.",
        "She has a good relationship with her foster carer.",
        "Healthy lifestyle advice was given.",
        "She chose to study art.",
        "She keeps going back to school.",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert advise(text) == []


def test_boyfriend_of_the_same_age_is_not_flagged() -> None:
    assert advise("She spends time with her boyfriend aged 15.", child_age=15) == []


def test_boyfriend_with_no_age_is_not_flagged_even_with_the_child_age() -> None:
    assert advise("She spends time with her boyfriend.", child_age=13) == []


@pytest.mark.parametrize(
    ("text", "child_age", "flagged"),
    [
        ("her boyfriend aged 15", None, False),
        ("her boyfriend aged 17", None, False),
        ("her boyfriend aged 18", None, True),
        ("her boyfriend aged 15", 15, False),
        ("her boyfriend aged 17", 15, False),
        ("her boyfriend aged 17", 14, True),
        ("her boyfriend aged 16", 13, True),
        ("her boyfriend aged 19", 17, True),
        ("her 24-year-old boyfriend", 19, False),
        ("her boyfriend, 19,", 18, False),
        ("her boyfriend (22)", None, True),
        ("her boyfriend who is 21", None, True),
        ("her 21 year old girlfriend", None, True),
        ("his girlfriend, 16,", 12, True),
        ("her boyfriend, 20 minutes later", None, False),
        ("in a relationship with a 15-year-old", 15, False),
        ("in a relationship with a 15-year-old", 12, True),
        ("hanging around with a 22-year-old", None, True),
    ],
)
def test_older_person_rule(text: str, child_age: int | None, flagged: bool) -> None:
    assert bool(advise(text, child_age=child_age)) is flagged


@pytest.mark.parametrize(
    ("child_age", "suggestion"),
    [
        (12, "Consider ‘has been raped’ or ‘has been sexually abused’."),
        (13, "Consider ‘has been sexually abused’ or ‘may have been coerced or exploited’."),
        (15, "Consider ‘has been sexually abused’ or ‘may have been coerced or exploited’."),
        (
            17,
            "Say who with, and whether there is any coercion, exchange or power imbalance. If there is, consider "
            "‘is being sexually exploited’.",
        ),
    ],
)
def test_sexually_active_advice_depends_on_age(child_age: int, suggestion: str) -> None:
    [finding] = advise("She has been sexually active for a year.", child_age=child_age)
    assert finding.phrase == "sexually active"
    assert finding.suggestion == suggestion


def test_sexually_active_without_an_age_covers_every_age() -> None:
    [finding] = advise("She is sexually active.")
    assert finding.suggestion == (
        "Describe what has happened and with whom. Under 13, consider ‘has been raped’; under 16, ‘has been sexually "
        "abused’; at 16 or 17, record any coercion, exchange or power imbalance."
    )


def test_consent_wording_is_not_flagged_for_an_adult() -> None:
    assert advise("She is sexually active and said the sex was consensual.", child_age=19) == []


def test_wording_that_is_not_about_consent_is_flagged_at_any_age() -> None:
    assert phrases("She keeps putting herself at risk.", child_age=19) == [
        ("putting herself at risk", "putting-self-at-risk")
    ]


def test_under_13_consent_is_described_as_rape() -> None:
    [finding] = advise("He said it was consensual.", child_age=11)
    assert finding.suggestion == "Consider ‘was raped’ or ‘was sexually abused’."
    assert finding.explanation.startswith("A child under 13 cannot consent to sexual activity in law")


def test_offsets_point_at_the_phrase_as_typed() -> None:
    text = "Summary\n\nAmy (14) keeps PUTTING HERSELF\nAT RISK; her 24-year-old boyfriend says it’s a Lifestyle Choice."
    findings = advise(text, child_age=14)
    assert [(f.start, f.end, f.phrase) for f in findings] == [
        (24, 47, "PUTTING HERSELF\nAT RISK"),
        (53, 74, "24-year-old boyfriend"),
        (87, 103, "Lifestyle Choice"),
    ]
    assert all(text[f.start : f.end] == f.phrase for f in findings)


def test_findings_are_in_text_order_and_never_overlap() -> None:
    text = (
        "He was seen as a gang member and a young offender; he is a county lines runner. She absconded, is "
        "promiscuous, and her older boyfriend pays her for sex. Child prostitution. She went willingly."
    )
    findings = advise(text)
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert [f.phrase for f in findings] == [
        "He was seen as a gang member",
        "young offender",
        "county lines runner",
        "absconded",
        "promiscuous",
        "older boyfriend",
        "pays her for sex",
        "Child prostitution",
        "willingly",
    ]


def test_the_longest_overlapping_match_wins() -> None:
    assert phrases("It was described as child prostitution.") == [("child prostitution", "prostitution")]


def test_a_phrase_split_over_lines_and_spaces_is_found() -> None:
    assert phrases("placing   themselves\r\nin danger") == [
        ("placing   themselves\r\nin danger", "putting-self-at-risk")
    ]


def test_curly_and_straight_apostrophes_are_both_matched() -> None:
    assert phrases("She is known to children’s services.") == [("known to children’s services", "known-to")]
    assert phrases("She is known to children's services.") == [("known to children's services", "known-to")]


def test_display_phrase_has_curly_quotes() -> None:
    [finding] = advise("she didn't engage")
    assert finding.phrase == "didn't engage"
    assert finding.display_phrase == "didn’t engage"


def test_finding_carries_its_source_and_category() -> None:
    [finding] = advise("a lifestyle choice")
    assert finding == Finding(
        phrase="lifestyle choice",
        start=2,
        end=18,
        category="choice",
        suggestion="Describe the abuse and who is responsible, for example ‘is being sexually exploited’ or ‘is being "
        "criminally exploited’.",
        source="T17",
        explanation="Children do not choose to be abused or exploited. Inspections and case reviews found ‘lifestyle "
        "choice’ used to explain exploitation away: it is a warning sign.",
        entry="lifestyle-choice",
        category_label="Suggests the child chose the abuse",
        source_title="Child sexual exploitation: ‘lifestyle choices’ and ‘insufficient evidence’",
        source_url="https://safeguarding.network/content/safeguarding-resources/child-criminal-exploitation/"
        "child-sexual-exploitation/",
    )


def test_empty_text_has_no_advice() -> None:
    assert advise("") == []


@pytest.mark.parametrize("child_age", [-1, True, 14.5, "14"])
def test_child_age_must_be_a_whole_number_of_years(child_age: object) -> None:
    with pytest.raises(ValueError, match="child_age must be a whole number of years"):
        advise("text", child_age=child_age)


class NoteForm(forms.Form):
    summary = forms.CharField(widget=forms.Textarea)
    analysis = forms.CharField(widget=forms.Textarea, required=False)


def test_advice_for_a_bound_form_uses_what_was_typed() -> None:
    form = NoteForm(data={"summary": "She absconded again.", "analysis": ""})
    advice = advice_for(form, ["summary", "analysis"])
    assert list(advice) == ["summary", "analysis"]
    assert [f.phrase for f in advice["summary"]] == ["absconded"]
    assert advice["analysis"] == []


def test_advice_for_a_validated_form_uses_cleaned_data() -> None:
    form = NoteForm(data={"summary": "  He is streetwise.  ", "analysis": "sexually active"})
    assert form.is_valid()
    advice = advice_for(form, ["summary", "analysis"], child_age=12)
    assert [(f.phrase, f.start) for f in advice["summary"]] == [("streetwise", 6)]
    assert [f.suggestion for f in advice["analysis"]] == ["Consider ‘has been raped’ or ‘has been sexually abused’."]


def test_advice_for_a_mapping_of_texts() -> None:
    advice = advice_for({"note": "went AWOL", "other": None}, ["note", "other", "missing"])
    assert {field: [f.phrase for f in found] for field, found in advice.items()} == {
        "note": ["AWOL"],
        "other": [],
        "missing": [],
    }
