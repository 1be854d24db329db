from datetime import date

from tandem.people.matching import MATCH, NO_MATCH, REVIEW, InMemoryIndex, MatchModel, dedupe, link
from tandem.people.matching.tests.factories import NHS_A, person

MODEL = MatchModel.default()


def _register() -> list:
    return [
        person(record_id="jayden"),
        person(record_id="twin", given_names=("Tunde",)),
        person(record_id="mum", given_names=("Grace",), date_of_birth=date(1988, 7, 1), sex="F", nhs_number=NHS_A),
        person(
            record_id="other",
            given_names=("Amelia",),
            family_names=("Nowak",),
            postcodes=("BD7 1AA",),
            sex="F",
            date_of_birth=date(2015, 1, 9),
        ),
    ]


def test_index_add_remove_update() -> None:
    index = InMemoryIndex()
    for d in _register():
        index.add(d.record_id, d)
    assert len(index) == 4
    assert index.candidates(person(given_names=("Jaden",))) == {"jayden", "twin", "mum"}
    index.remove("twin")
    index.remove("missing")  # unknown ids are ignored
    assert "twin" not in index
    assert index.candidates(person(given_names=("Jaden",))) == {"jayden", "mum"}
    index.update("other", person(record_id="other", given_names=("Jayden",), family_names=("Okafor",)))
    assert index.candidates(person(given_names=("Jaden",))) == {"jayden", "mum", "other"}
    assert index.block_size("p:BD7 1AA") == 0


def test_find_returns_the_best_first_with_decisions() -> None:
    index = InMemoryIndex()
    for d in _register():
        index.add(d.record_id, d)
    found = index.find(person(given_names=("Jaden",), record_id="q"), MODEL, limit=3)
    assert [(rid, s.decision) for rid, s in found] == [("jayden", MATCH), ("twin", REVIEW), ("mum", NO_MATCH)]


def test_link_gives_one_result_per_query() -> None:
    queries = [
        person(record_id="q1", given_names=("Jaden",)),
        person(
            record_id="q2",
            given_names=("Zed",),
            family_names=("Quinn",),
            date_of_birth=date(1970, 1, 1),
            postcodes=("M1 1AA",),
            address_lines=(),
        ),
        person(record_id="q3", given_names=("Kemi",)),  # an unseen twin
    ]
    results = link(queries, _register(), MODEL)
    assert [(r.query_id, r.record_id, r.decision) for r in results] == [
        ("q1", "jayden", MATCH),
        ("q2", None, NO_MATCH),
        ("q3", "jayden", REVIEW),
    ]
    assert [rid for rid, _ in results[2].alternatives] == ["twin"]


def test_dedupe_finds_pairs_within_a_register() -> None:
    records = [*_register(), person(record_id="jayden2", given_names=("Jaydn",), postcodes=("LS6 2AD",))]
    pairs = dedupe(records, MODEL)
    assert [(p.a, p.b, p.score.decision) for p in pairs] == [
        ("jayden", "jayden2", MATCH),
        ("jayden", "twin", REVIEW),
        ("jayden2", "twin", REVIEW),
    ]
    strong = dedupe(records, MODEL, min_decision=MATCH)
    assert [(p.a, p.b) for p in strong] == [("jayden", "jayden2")]
    everything = dedupe(records, MODEL, min_probability=0.0)
    assert len(everything) == 6  # every pair the blocking keys bring together
