import random
from collections import Counter

import pytest

from tandem.people.matching import MatchModel, normalise
from tandem.people.matching.tests.factories import noisy_copy, population


@pytest.fixture(scope="module")
def dedupe_data() -> tuple[list, int]:
    rng = random.Random(3)
    people = population(1200, seed=3)
    copies = [noisy_copy(p, rng, f"dup{i}") for i, p in enumerate(rng.sample(people, 400))]
    return people + copies, 400


@pytest.fixture(scope="module")
def estimated(dedupe_data: tuple[list, int]) -> MatchModel:
    records, _ = dedupe_data
    return MatchModel.default().estimate(records, max_pairs=15_000, seed=1)


def test_em_recovers_the_prior(dedupe_data: tuple[list, int], estimated: MatchModel) -> None:
    records, duplicates = dedupe_data
    true_prior = duplicates / (len(records) * (len(records) - 1) / 2)
    assert true_prior / 2 < estimated.prior < true_prior * 2


def test_em_recovers_sensible_m(estimated: MatchModel) -> None:
    m = {name: {level: mu[0] for level, mu in levels.items()} for name, levels in estimated.params.items()}
    # The copies keep the name 85% of the time, the date 90%, the address 80%; sex always.
    assert 0.75 < m["given"]["exact"] < 0.95
    assert 0.8 < m["dob"]["exact"] < 0.97
    assert 0.6 < m["address"]["address"] < 0.9
    assert m["sex"]["agree"] > 0.95
    assert m["family"]["exact"] > 0.9
    for name in ("given", "family", "dob", "sex"):
        assert estimated.weight(name, "different") < 0  # disagreement never counts in favour


def test_u_of_exact_levels_comes_from_value_frequencies(dedupe_data: tuple[list, int], estimated: MatchModel) -> None:
    records, _ = dedupe_data
    counts = Counter(normalise(r).dob for r in records)
    n = len(records)
    expected = sum(c * (c - 1) for c in counts.values()) / (n * (n - 1))
    assert estimated.params["dob"]["exact"][1] == pytest.approx(expected, rel=0.01)  # then renormalised
    assert estimated.tf["family"]["smith"] == pytest.approx(
        sum(1 for r in records if r.family_names == ("Smith",)) / n, rel=1e-3
    )


def test_nhs_parameters_stay_fixed(estimated: MatchModel) -> None:
    assert estimated.params["nhs"] == MatchModel.default().params["nhs"]


def test_estimated_model_separates_duplicates_from_strangers(
    dedupe_data: tuple[list, int], estimated: MatchModel
) -> None:
    records, _ = dedupe_data
    by_id = {r.record_id: r for r in records}
    original = by_id["p0"]
    copy = noisy_copy(original, random.Random(0), "copy")
    stranger = by_id["p1"]
    assert estimated.score(original, copy).probability > 0.99
    assert estimated.score(original, stranger).probability < 0.01


def test_link_mode_prior_is_about_one_over_the_other_side() -> None:
    rng = random.Random(5)
    left = population(500, seed=5)
    right = [noisy_copy(p, rng, f"r{i}") for i, p in enumerate(left)]
    model = MatchModel.default().estimate(left, other=right, max_pairs=10_000, seed=2)
    assert 1 / 1000 < model.prior < 2 / 500
