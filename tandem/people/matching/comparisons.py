"""Field comparisons: which agreement level two normalised descriptions reach on each field.

Each ``compare_*`` function returns the name of the first level (in the order listed in ``LEVELS``) that applies,
or ``MISSING`` when either side lacks the field. ``MatchModel`` turns levels into weights. The rule used by the
twins, siblings and namesakes guard (``given_names_compatible``) lives here too, so it is tested on its own.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from tandem.people.matching.nicknames import (
    GROUPS,
    are_family_variants,
    are_variants,
    compound_key,
    family_stems,
    is_known,
)
from tandem.people.matching.normalise import Normalised, postcode_parts

MISSING = "missing"

# Level names, best first, per comparison. The weight of each level comes from the model (m and u).
GIVEN = "given"
FAMILY = "family"
DOB = "dob"
ADDRESS = "address"
SEX = "sex"
NHS = "nhs"

LEVELS: dict[str, tuple[str, ...]] = {
    GIVEN: ("exact", "variant", "typo", "initial", "phonetic", "other_name", "swapped", "similar", "different"),
    FAMILY: ("exact", "variant", "partial", "typo", "phonetic", "swapped", "similar", "different"),
    DOB: ("exact", "swapped", "typo", "estimated", "within_year", "different"),
    ADDRESS: (
        "address",
        "postcode",
        "postcode_other_house",
        "line",
        "sector",
        "district",
        "area",
        "different",
    ),
    SEX: ("agree", "different"),
    NHS: ("agree", "different"),
}
IDENTIFIER_LEVELS = ("agree", "near", "different")

FIELD_LABELS = {
    GIVEN: "first name",
    FAMILY: "family name",
    DOB: "date of birth",
    ADDRESS: "address",
    SEX: "sex",
    NHS: "NHS number",
}

LEVEL_LABELS: dict[str, dict[str, str]] = {
    GIVEN: {
        "exact": "same",
        "variant": "known variant or nickname",
        "typo": "one typing slip apart",
        "initial": "initial only, agrees",
        "phonetic": "sounds the same",
        "other_name": "matches a middle or known-as name",
        "swapped": "first and family names swapped",
        "similar": "similar spelling",
        "different": "different",
        MISSING: "not given on both",
    },
    FAMILY: {
        "exact": "same",
        "variant": "known variant",
        "partial": "matches part of a double-barrelled or previous family name",
        "typo": "one typing slip apart",
        "phonetic": "sounds the same",
        "swapped": "first and family names swapped",
        "similar": "similar spelling",
        "different": "different",
        MISSING: "not given on both",
    },
    DOB: {
        "exact": "same",
        "swapped": "day and month swapped",
        "typo": "one digit different",
        "estimated": "consistent with an estimated date",
        "within_year": "within a year",
        "different": "different",
        MISSING: "not given on both",
    },
    ADDRESS: {
        "address": "same address",
        "postcode": "same postcode",
        "postcode_other_house": "same postcode, different house",
        "line": "same street address, postcode differs",
        "sector": "same postcode sector",
        "district": "same postcode district",
        "area": "same postcode area",
        "different": "different area",
        MISSING: "not given on both",
    },
    SEX: {"agree": "same", "different": "different", MISSING: "not given on both"},
    NHS: {"agree": "same", "different": "different", MISSING: "not given on both"},
}
IDENTIFIER_LABELS = {"agree": "same", "near": "one character different", "different": "different"}

_jw = JaroWinkler.similarity
_dl = DamerauLevenshtein.distance


def _distinct_known(a: str, b: str) -> bool:
    """Two different names that both appear in the name table but are not variants: "Anna" and "Hannah"."""
    return is_known(a) and is_known(b) and not are_variants(a, b)


def _typo(a: str, b: str) -> bool:
    """A plausible slip: one insertion, deletion, substitution or adjacent transposition (names of 3+ letters), or
    two for long names that stay very similar."""
    shortest = min(len(a), len(b))
    if shortest < 3:
        # "Mi" for "Mia": a dropped letter in a very short name, keeping the first letter.
        return shortest == 2 and len(a) != len(b) and a[0] == b[0] and _dl(a, b, score_cutoff=1) <= 1
    distance = _dl(a, b, score_cutoff=2)
    if distance <= 1:
        return True
    return distance == 2 and shortest >= 7 and _jw(a, b) >= 0.92


@lru_cache(maxsize=262_144)
def _name_like(a: str, b: str) -> bool:
    """Loose agreement used for swapped-name checks."""
    if a == b:
        return True
    if _dl(a, b, score_cutoff=2) > 2 and a not in GROUPS and len(family_stems(a)) == 1 and len(family_stems(b)) == 1:
        return compound_key(a) == compound_key(b) != a  # no table, gendered form or slip can make them alike
    return are_variants(a, b) or are_family_variants(a, b) or (not _distinct_known(a, b) and _typo(a, b))


def names_swapped(a: Normalised, b: Normalised) -> bool:
    """First and family names recorded the other way round on one side (any part of a double-barrelled name counts:
    "Williams-Gregory, Oliver" is "Oliver Gregory" swapped)."""
    ag, af, bg, bf = a.given, a.family, b.given, b.family
    if not (ag and af and bg and bf):
        return False
    if len(ag) == 1 and len(bf) == 1:
        if not _name_like(ag[0], bf[0]):
            return False
    elif not any(_name_like(x, y) for x in ag[:3] for y in bf[:3]):
        return False
    if len(af) == 1 and len(bg) == 1:
        return _name_like(af[0], bg[0])
    return any(_name_like(x, y) for x in af[:3] for y in bg[:3])


@lru_cache(maxsize=262_144)
def _given_pair(ga: str, gb: str, mpa: str, mpb: str) -> str:
    """The level of two main given names on their own (cached: names repeat)."""
    if ga == gb:
        return "exact"
    if are_variants(ga, gb):
        return "variant"
    if len(ga) == 1 or len(gb) == 1:
        return "initial" if ga[0] == gb[0] else "initial_different"
    if ga in GROUPS and gb in GROUPS:
        return "different"  # two well-known names that are not variants: never a slip or a sound-alike
    if _typo(ga, gb):
        return "typo"
    if mpa == mpb and ga[0] == gb[0]:
        return "phonetic"
    if _jw(ga, gb) >= 0.8:
        return "similar"
    return "different"


_GIVEN_SETTLED = frozenset(("exact", "variant", "typo", "initial", "phonetic"))
_FAMILY_SETTLED = frozenset(("exact", "variant"))


def compare_names(a: Normalised, b: Normalised) -> tuple[str, str]:
    """(given level, family level), checking for swapped names at most once, and not at all when the family names
    already agree (a swap needs both names to disagree straight)."""
    swapped: bool | None = None
    family = MISSING
    if a.family and b.family:
        family = _family_pair(a.family[0], b.family[0], a.family_mp[0], b.family_mp[0])
        if family not in _FAMILY_SETTLED:
            if (len(a.family) > 1 or len(b.family) > 1) and _partial_family(a, b):
                family = "partial"
            elif family not in ("typo", "phonetic"):
                swapped = names_swapped(a, b)
                if swapped:
                    family = "swapped"
    if not a.given or not b.given:
        return MISSING, family
    given = _given_pair(a.given[0], b.given[0], a.given_mp[0], b.given_mp[0])
    if given in _GIVEN_SETTLED:
        return given, family
    if given == "initial_different":
        return ("swapped" if family == "swapped" or (swapped is None and names_swapped(a, b)) else "different"), family
    if (len(a.given) > 1 or len(b.given) > 1) and _other_given(a, b):
        return "other_name", family
    if swapped is None:
        swapped = family not in ("exact", "variant", "partial", "typo", "phonetic") and names_swapped(a, b)
    return ("swapped" if swapped else given), family


def _other_given(a: Normalised, b: Normalised) -> bool:
    ga, gb = a.given[0], b.given[0]
    for x in a.given:
        for y in b.given:
            if (x == ga and y == gb) or len(x) < 2 or len(y) < 2:
                continue
            if x == y or are_variants(x, y):
                return True
    return False


def _partial_family(a: Normalised, b: Normalised) -> bool:
    fa, fb = a.family[0], b.family[0]
    for x in a.family:
        for y in b.family:
            if (x == fa and y == fb) or len(x) < 2 or len(y) < 2:
                continue
            if x == y or are_family_variants(x, y):
                return True
    return False


def compare_given(a: Normalised, b: Normalised) -> str:
    return compare_names(a, b)[0]


@lru_cache(maxsize=262_144)
def _family_pair(fa: str, fb: str, mpa: str, mpb: str) -> str:
    if fa == fb:
        return "exact"
    if are_family_variants(fa, fb):
        return "variant"
    if _typo(fa, fb):
        return "typo"
    if mpa == mpb:
        return "phonetic"
    if _jw(fa, fb) >= 0.8:
        return "similar"
    return "different"


def compare_family(a: Normalised, b: Normalised) -> str:
    return compare_names(a, b)[1]


def _one_digit(a: int, b: int) -> bool:
    """The eight digits of two dates differ in one place, or by one adjacent transposition."""
    gap = abs(a - b)
    if not gap:
        return False
    while gap % 10 == 0:
        gap //= 10
    if gap > 9 and (gap % 9 or gap > 81):
        return False  # neither k·10^i (one digit) nor 9·k·10^i (two adjacent digits swapped)
    sa, sb = f"{a:08d}", f"{b:08d}"
    diffs = [i for i in range(8) if sa[i] != sb[i]]
    if len(diffs) == 1:
        return True
    if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
        return False
    return sa[diffs[0]] == sb[diffs[1]] and sa[diffs[1]] == sb[diffs[0]]


def compare_dob(a: Normalised, b: Normalised) -> str:
    da, db = a.dob, b.dob
    if not da or not db:
        return MISSING
    pa, pb = a.dob_precision, b.dob_precision
    if pa == "d" and pb == "d":
        if da == db:
            return "exact"
        ya, ra = divmod(da, 10000)
        yb, rb = divmod(db, 10000)
        ma, dda = divmod(ra, 100)
        mb, ddb = divmod(rb, 100)
        if ya == yb and ma == ddb and dda == mb:
            return "swapped"
        if _one_digit(da, db):
            return "typo"
        if abs((ya * 372 + ma * 31 + dda) - (yb * 372 + mb * 31 + ddb)) <= 365:
            return "within_year"
        return "different"
    ya, ma = da // 10000, da // 100 % 100
    yb, mb = db // 10000, db // 100 % 100
    if pa == "y" or pb == "y":
        gap = abs(ya - yb)
        if gap <= 1:
            return "estimated"
        return "within_year" if gap == 2 else "different"
    # at least one side is month precision
    if ya == yb and ma == mb:
        return "estimated"
    if abs((ya * 12 + ma) - (yb * 12 + mb)) <= 12:
        return "within_year"
    return "different"


def _same_line(numbers_a: frozenset[str], words_a: str, numbers_b: frozenset[str], words_b: str) -> bool:
    """One address line each: the same house (shared house or flat number, or neither has one) on a street whose
    words agree (token-set similarity ≥ 0.85 with a number, ≥ 0.95 without)."""
    if not words_a or not words_b:
        return False
    if numbers_a and numbers_b:
        if numbers_a.isdisjoint(numbers_b):
            return False
        return words_a == words_b or token_set_ratio(words_a, words_b) >= 85.0
    if numbers_a or numbers_b:
        return False
    return words_a == words_b or token_set_ratio(words_a, words_b) >= 95.0


def _line_state(a: Normalised, b: Normalised) -> str:
    """ "same", "other" or "" (not comparable)."""
    if not a.addresses or not b.addresses:
        return ""
    for numbers_a, words_a in a.addresses:
        for numbers_b, words_b in b.addresses:
            if _same_line(numbers_a, words_a, numbers_b, words_b):
                return "same"
    return "other"


_PC_RANK = {"unit": 4, "sector": 3, "district": 2, "area": 1, "different": 0}


@lru_cache(maxsize=262_144)
def _postcode_pair(pa: str, pb: str) -> str:
    """The agreement of two normalised postcodes (cached: postcodes repeat across a register)."""
    if pa == pb:
        return "unit" if postcode_parts(pa)[0] else "different"
    parts_a, parts_b = postcode_parts(pa), postcode_parts(pb)
    if parts_a[1] and parts_a[1] == parts_b[1]:
        return "sector"
    if parts_a[0] and parts_b[0] and len(pa) == len(pb) and _dl(pa, pb, score_cutoff=1) <= 1:
        return "sector"  # one character slip anywhere, including codes that are not UK postcodes
    if parts_a[2] and parts_a[2] == parts_b[2]:
        return "district"
    if parts_a[3] and parts_a[3] == parts_b[3]:
        return "area"
    return "different"


def _postcode_state(a: Normalised, b: Normalised) -> str:
    """ "unit", "sector", "district", "area", "different" or "" (not comparable); the best over all postcodes."""
    if not a.postcodes or not b.postcodes:
        return ""
    if len(a.postcodes) == 1 and len(b.postcodes) == 1:
        pa, pb = a.postcodes[0], b.postcodes[0]
        return _postcode_pair(pa, pb) if pa <= pb else _postcode_pair(pb, pa)
    best = "different"
    for pa in a.postcodes:
        for pb in b.postcodes:
            state = _postcode_pair(pa, pb) if pa <= pb else _postcode_pair(pb, pa)
            if state == "unit":
                return state
            if _PC_RANK[state] > _PC_RANK[best]:
                best = state
    return best


def compare_address(a: Normalised, b: Normalised) -> str:
    postcode = _postcode_state(a, b)
    line = _line_state(a, b)
    if not postcode and not line:
        return MISSING
    if postcode == "unit":
        if line == "same":
            return "address"
        if line == "":
            return "postcode"
        return "postcode_other_house"
    if line == "same":
        return "address" if postcode == "sector" else "line"
    if postcode in ("sector", "district", "area", "different"):
        return postcode
    return "different" if line else MISSING


def compare_sex(a: Normalised, b: Normalised) -> str:
    if not a.sex or not b.sex:
        return MISSING
    return "agree" if a.sex == b.sex else "different"


def compare_nhs(a: Normalised, b: Normalised) -> str:
    if not a.nhs or not b.nhs:
        return MISSING
    return "agree" if a.nhs == b.nhs else "different"


def compare_identifiers(a: Normalised, b: Normalised) -> list[tuple[str, str]]:
    """(scheme, level) for every scheme both sides hold; "agree" if any value is shared."""
    if not a.identifiers or not b.identifiers:
        return []
    out: list[tuple[str, str]] = []
    schemes_b: dict[str, list[str]] = {}
    for scheme, value in b.identifiers:
        schemes_b.setdefault(scheme, []).append(value)
    schemes_a: dict[str, list[str]] = {}
    for scheme, value in a.identifiers:
        schemes_a.setdefault(scheme, []).append(value)
    for scheme in sorted(schemes_a.keys() & schemes_b.keys()):
        values_a, values_b = schemes_a[scheme], schemes_b[scheme]
        if set(values_a) & set(values_b):
            out.append((scheme, "agree"))
        elif any(min(len(x), len(y)) >= 5 and _dl(x, y, score_cutoff=1) <= 1 for x in values_a for y in values_b):
            out.append((scheme, "near"))
        else:
            out.append((scheme, "different"))
    return out


def given_names_compatible(a: Normalised, b: Normalised) -> bool:
    """The guard's rule: could these first names belong to the same person?

    Yes when either side has no given name; when the main given names are equal or listed variants (nickname or
    transliteration table, Abd-/-ullah/Oluwa- compounds); when one side's main given name equals or is a variant of
    any of the other side's given names (middle and known-as names); when first and family names are swapped.
    Otherwise — and never when the recorded sexes differ or when both are well-known names in different groups
    ("Ella"/"Emma", "Anna"/"Hannah") — yes only for an initial that starts the other name, a truncation of at least
    3 letters ("Alexand"/"Alexander"), or one plausible typing slip (Damerau–Levenshtein distance 1 for names of 3+
    letters, a dropped letter in a 3-letter name, or distance 2 for names of 7+ letters with Jaro–Winkler ≥ 0.92)
    that keeps the first letter or the Metaphone code (so rhyming names such as Jayden/Hayden stay different).
    """
    if not a.given or not b.given:
        return True
    ga, gb = a.given[0], b.given[0]
    if ga == gb or are_variants(ga, gb):
        return True
    for other in b.given[1:]:
        if ga == other or are_variants(ga, other):
            return True
    for other in a.given[1:]:
        if gb == other or are_variants(gb, other):
            return True
    if names_swapped(a, b):
        return True
    if a.sex and b.sex and a.sex != b.sex:
        return False
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    if _distinct_known(ga, gb):
        return False
    if min(len(ga), len(gb)) >= 3 and (ga.startswith(gb) or gb.startswith(ga)):
        return True
    # A slip keeps the first letter or the sound: rhyming twin names (Jayden and Hayden, Kayla and Layla) do not.
    return _typo(ga, gb) and (ga[0] == gb[0] or a.given_mp[0] == b.given_mp[0])


def family_names_related(a: Normalised, b: Normalised) -> bool:
    """Used by the household guards: the family names agree closely (same, variant, shared part, typo or sound)."""
    return compare_family(a, b) in ("exact", "variant", "partial", "typo", "phonetic")


def same_household(a: Normalised, b: Normalised) -> bool:
    """Same postcode unit or same street address."""
    return compare_address(a, b) in ("address", "postcode", "postcode_other_house", "line")
