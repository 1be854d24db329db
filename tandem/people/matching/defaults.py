"""Hand-set parameters behind ``default_model.json`` (the cold-start model).

m values come from what is known about how practitioners' records go wrong (about one record in seven has a
first-name slip or nickname, one in ten a date-of-birth slip, a quarter a changed address); u values describe a
local-authority register of about 100,000 people (one postcode area, ~3,000 postcode units). Term frequencies of
the most common UK names stop “John Smith” counting as much as a rare name. Regenerate the JSON with
``python -m tandem.people.matching.defaults`` after editing; a test checks the two agree.
"""

from __future__ import annotations

from pathlib import Path

from tandem.people.matching.model import MatchModel

# (m, u) per level.
PARAMS: dict[str, dict[str, tuple[float, float]]] = {
    # An agreeing NHS number outweighs everything else (+33 bits); a conflicting valid one is a near-veto (−10 bits).
    "nhs": {"agree": (0.999, 1e-10), "different": (0.001, 0.9999999999)},
    "given": {
        "exact": (0.84, 0.004),
        "variant": (0.045, 0.0015),
        "typo": (0.04, 0.0015),
        "initial": (0.005, 0.0002),
        "phonetic": (0.01, 0.002),
        "other_name": (0.012, 0.0005),
        "swapped": (0.005, 0.00002),
        "similar": (0.013, 0.02),
        "different": (0.03, 0.9697),
    },
    "family": {
        "exact": (0.83, 0.003),
        "variant": (0.02, 0.0005),
        "partial": (0.03, 0.0005),
        "typo": (0.04, 0.001),
        "phonetic": (0.01, 0.002),
        "swapped": (0.005, 0.00002),
        "similar": (0.015, 0.02),
        "different": (0.05, 0.97298),
    },
    "dob": {
        "exact": (0.87, 0.00006),
        "swapped": (0.02, 0.00003),
        "typo": (0.045, 0.0007),
        "estimated": (0.02, 0.01),
        "within_year": (0.01, 0.03),
        "different": (0.035, 0.95921),
    },
    "address": {
        "address": (0.6, 0.0002),
        "postcode": (0.1, 0.0003),
        "postcode_other_house": (0.02, 0.0003),
        "line": (0.02, 0.0005),
        "sector": (0.05, 0.01),
        "district": (0.05, 0.08),
        "area": (0.07, 0.6),
        "different": (0.09, 0.3087),
    },
    "sex": {"agree": (0.98, 0.5), "different": (0.02, 0.5)},
}
IDENTIFIERS: dict[str, dict[str, tuple[float, float]]] = {
    "*": {"agree": (0.9, 1e-6), "near": (0.03, 1e-5), "different": (0.07, 0.999989)},
    # Unique pupil numbers are meant to last a school career; police references differ between forces.
    "upn": {"agree": (0.95, 1e-7), "near": (0.02, 1e-6), "different": (0.03, 0.9999989)},
    "police": {"agree": (0.8, 1e-6), "near": (0.02, 1e-5), "different": (0.18, 0.999989)},
}

# Approximate shares of the UK population (all ages) holding the commonest names, keyed like the model's
# term-frequency tables (a given name's canonical nickname group; a family name's canonical form).
COMMON_GIVEN = {
    "david": 0.012, "john": 0.011, "michael": 0.010, "mohammed": 0.009, "james": 0.009, "paul": 0.008,
    "andrew": 0.008, "thomas": 0.007, "mark": 0.007, "sarah": 0.007, "richard": 0.006, "peter": 0.006,
    "robert": 0.006, "christopher": 0.006, "daniel": 0.006, "william": 0.005, "matthew": 0.005, "emma": 0.005,
    "oliver": 0.005, "olivia": 0.005, "jack": 0.005, "sophie": 0.005, "stephen": 0.005, "catherine": 0.005,
    "elizabeth": 0.004, "claire": 0.004, "lisa": 0.004, "karen": 0.004, "laura": 0.004, "nicola": 0.004,
    "susan": 0.004, "julie": 0.004, "helen": 0.004, "amelia": 0.004, "emily": 0.004, "jessica": 0.004,
    "harry": 0.004, "george": 0.004, "joseph": 0.004, "samuel": 0.004, "benjamin": 0.003, "jonathan": 0.003,
    "rachel": 0.003, "margaret": 0.003, "mary": 0.003, "anne": 0.003, "charlotte": 0.003, "hannah": 0.003,
    "grace": 0.003, "lillian": 0.003, "chloe": 0.003, "isabel": 0.003, "noah": 0.003, "charles": 0.003,
    "jacob": 0.003, "alfred": 0.003, "joshua": 0.003, "ryan": 0.003, "adam": 0.003, "luke": 0.003,
    "alexander": 0.003, "edward": 0.003, "kevin": 0.003, "gary": 0.003, "ian": 0.003, "lewis": 0.003,
    "ali": 0.002, "ahmed": 0.002, "muhammad": 0.0, "fatima": 0.002, "aisha": 0.002, "ava": 0.002,
    "isla": 0.002, "mia": 0.002, "ella": 0.002, "ruby": 0.002, "evelyn": 0.002, "poppy": 0.002,
    "frederick": 0.002, "oscar": 0.002, "leo": 0.002, "archibald": 0.002, "henry": 0.002, "ethan": 0.002,
    "amy": 0.002, "rebecca": 0.002, "victoria": 0.002, "jennifer": 0.002, "natalie": 0.002, "gemma": 0.002,
    "kelly": 0.002, "joanne": 0.002, "stuart": 0.002, "simon": 0.002, "anthony": 0.002, "martin": 0.002,
    "lucy": 0.002, "megan": 0.002, "jade": 0.002, "abigail": 0.002, "zachary": 0.002, "kai": 0.001,
}  # fmt: skip
COMMON_FAMILY = {
    "smith": 0.0126, "jones": 0.0075, "williams": 0.0062, "taylor": 0.0051, "brown": 0.0049, "davies": 0.0046,
    "evans": 0.0035, "wilson": 0.0035, "thomas": 0.0034, "johnson": 0.0032, "roberts": 0.0031,
    "robinson": 0.0026, "thompson": 0.0026, "wright": 0.0025, "walker": 0.0024, "white": 0.0023,
    "edwards": 0.0023, "hughes": 0.0023, "green": 0.0022, "hall": 0.0022, "lewis": 0.0022, "harris": 0.0021,
    "clarke": 0.0021, "patel": 0.0020, "jackson": 0.0020, "wood": 0.0020, "turner": 0.0019, "martin": 0.0019,
    "cooper": 0.0019, "hill": 0.0019, "ward": 0.0018, "morris": 0.0018, "moore": 0.0018, "li": 0.0017,
    "king": 0.0017, "baker": 0.0017, "harrison": 0.0017, "morgan": 0.0016, "allen": 0.0016, "james": 0.0016,
    "scott": 0.0016, "phillips": 0.0015, "watson": 0.0015, "parker": 0.0015, "price": 0.0014,
    "bennett": 0.0014, "young": 0.0014, "griffiths": 0.0014, "mitchell": 0.0014, "kelly": 0.0014,
    "cook": 0.0014, "carter": 0.0013, "richardson": 0.0013, "bailey": 0.0013, "collins": 0.0013,
    "bell": 0.0013, "shah": 0.0013, "murphy": 0.0013, "muller": 0.0013, "cox": 0.0012, "richards": 0.0012,
    "khan": 0.0015, "marshall": 0.0012, "anderson": 0.0012, "simpson": 0.0011, "ellis": 0.0011,
    "adams": 0.0011, "singh": 0.0012, "begum": 0.0012, "wilkinson": 0.0011, "foster": 0.0011,
    "chapman": 0.0011, "powell": 0.0011, "webb": 0.0010, "rogers": 0.0010, "gray": 0.0010, "mason": 0.0010,
    "ali": 0.0011, "hunt": 0.0010, "hussain": 0.0012, "campbell": 0.0010, "matthews": 0.0010, "owen": 0.0010,
    "palmer": 0.0010, "holmes": 0.0009, "mills": 0.0009, "barnes": 0.0009, "knight": 0.0009, "lloyd": 0.0009,
    "butler": 0.0009, "russell": 0.0009, "barker": 0.0009, "fisher": 0.0009, "stevens": 0.0009,
    "jenkins": 0.0009, "murray": 0.0009, "dixon": 0.0009, "harvey": 0.0009, "graham": 0.0008,
    "pearson": 0.0008, "ahmed": 0.0009, "fletcher": 0.0008, "walsh": 0.0008, "kaur": 0.0009,
    "gibson": 0.0008, "howard": 0.0008, "andrews": 0.0008, "stewart": 0.0008, "elliott": 0.0008,
    "reynolds": 0.0008, "saunders": 0.0008, "payne": 0.0008, "fox": 0.0008, "ford": 0.0008, "pearce": 0.0008,
    "chen": 0.0006, "wong": 0.0006, "zhang": 0.0004, "nguyen": 0.0003, "rahman": 0.0005, "islam": 0.0005,
    "miah": 0.0005, "uddin": 0.0005, "mahmood": 0.0004, "akhtar": 0.0004, "iqbal": 0.0004, "hassan": 0.0004,
    "mohammed": 0.0004, "chowdhury": 0.0003, "nowak": 0.0002, "kowalski": 0.0001, "obrien": 0.0007,
    "oneill": 0.0005, "oconnor": 0.0005, "mcdonald": 0.0006, "reid": 0.0006, "byrne": 0.0006,
}  # fmt: skip

PRIOR = 5e-6  # a register of ~100,000 people, about half of queries already on it


def hand_set_model() -> MatchModel:
    return MatchModel(
        params=PARAMS,
        identifier_params=IDENTIFIERS,
        prior=PRIOR,
        upper_threshold=0.99,
        lower_threshold=0.2,
        tf={"given": {k: v for k, v in COMMON_GIVEN.items() if v > 0}, "family": COMMON_FAMILY, "dob": {}},
        tf_floor={},
        description="Tandem default: hand-set from domain knowledge",
    )


DEFAULT_PATH = Path(__file__).with_name("default_model.json")


def main() -> None:  # pragma: no cover - maintenance entry point
    DEFAULT_PATH.write_text(hand_set_model().to_json() + "\n", encoding="utf-8")
    print(f"wrote {DEFAULT_PATH}")


if __name__ == "__main__":  # pragma: no cover
    main()
