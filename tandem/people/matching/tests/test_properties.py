"""Property-based tests: scoring is symmetric and never raises, whatever a referrer types."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.people.matching import (
    MatchModel,
    Normalised,
    PersonDescription,
    normalise,
    query_keys,
    record_keys,
)
from tandem.people.matching.description import DECISIONS
from tandem.people.matching.tests.factories import NHS_A, NHS_B, person

MODEL = MatchModel.default()

NAMES = ["Jayden", "Jaden", "J", "Okafor", "Mohammed", "Muhammad", "Zoë", "O'Brien", "Smith-Jones", "Ella", "Emma", ""]
text = st.one_of(st.sampled_from(NAMES), st.text(max_size=25))
names = st.lists(text, max_size=3).map(tuple)
dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
postcodes = st.lists(
    st.one_of(st.sampled_from(["LS6 2AB", "LS6 2AD", "ls62ab", "M1 1AA", "LS6", "4223"]), text), max_size=2
)

descriptions = st.builds(
    PersonDescription,
    given_names=names,
    family_names=names,
    date_of_birth=dates,
    dob_precision=st.sampled_from(["day", "month", "year", "unknown", "nonsense"]),
    sex=st.one_of(st.none(), st.sampled_from(["M", "F", "m", "x", ""]), text),
    postcodes=postcodes.map(tuple),
    address_lines=st.lists(text, max_size=2).map(tuple),
    nhs_number=st.one_of(st.none(), st.sampled_from([NHS_A, NHS_B, "123", ""])),
    other_identifiers=st.lists(st.tuples(st.sampled_from(["upn", "police", ""]), text), max_size=2).map(tuple),
    record_id=st.one_of(st.none(), st.text(max_size=5)),
)

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(descriptions, descriptions)
def test_scoring_is_symmetric_and_well_formed(a: PersonDescription, b: PersonDescription) -> None:
    ab, ba = MODEL.score(a, b), MODEL.score(b, a)
    assert ab == ba
    assert ab.decision in DECISIONS
    assert 0.0 <= ab.probability <= 1.0
    assert isinstance(MODEL.explain(ab), str)


@FAST
@given(descriptions)
def test_normalising_and_keys_never_raise_and_round_trip(d: PersonDescription) -> None:
    n = normalise(d)
    assert Normalised.from_dict(n.as_dict()) == n
    assert {k for k in record_keys(d) if k.count(":") != 1 or not k.startswith("d:")} <= query_keys(d)
    assert all(isinstance(k, str) and len(k) < 80 for k in query_keys(d))


perturbations = st.sampled_from(
    [
        {"given_names": ()},
        {"given_names": ("",)},
        {"given_names": ("ÆØÅ ñ 名前",)},
        {"family_names": ("  ",)},
        {"date_of_birth": None},
        {"dob_precision": "year"},
        {"sex": None},
        {"postcodes": ()},
        {"postcodes": ("not a postcode",)},
        {"address_lines": ("",)},
        {"nhs_number": NHS_B},
        {"other_identifiers": (("upn", ""),)},
    ]
)


@FAST
@given(st.lists(perturbations, max_size=4), st.text(max_size=12))
def test_perturbing_a_record_never_raises(changes: list[dict], noise: str) -> None:
    fields: dict = {}
    for change in changes:
        fields.update(change)
    original = person(nhs_number=NHS_A)
    changed = person(given_names=(noise + "Jayden",), **{k: v for k, v in fields.items() if k != "given_names"})
    if "given_names" in fields:
        changed = person(**fields)
    score = MODEL.score(original, changed)
    assert score == MODEL.score(changed, original)
    assert len(score.evidence) >= 6
