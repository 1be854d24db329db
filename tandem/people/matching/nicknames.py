"""UK given-name variants: nicknames, short forms, spelling variants and transliterations.

Hand-written for Tandem, in ``nicknames.txt``. Each line of a section is one group:
``canonical: variant, variant, …``. Two names are variants of each other when some group holds both. Groups are
deliberately not merged transitively: "alex" is in the Alexander and the Alexandra groups, yet Alexander and
Alexandra are not variants of each other.

Only well-attested relations are listed; a name that merely sounds alike belongs to the phonetic and typo levels,
not here. Names are written in normalised form (lower case, letters only).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


def _load(section: str) -> str:
    """The lines of one ``[section]`` of nicknames.txt."""
    text = resources.files("tandem.people.matching").joinpath("nicknames.txt").read_text(encoding="utf-8")
    lines: list[str] = []
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
        elif current == section and stripped and not stripped.startswith("#"):
            lines.append(stripped)
    return "\n".join(lines)


TABLE = _load("given")


def _parse(table: str) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for line in table.strip().splitlines():
        if ":" not in line:
            continue
        canonical, rest = line.split(":", 1)
        canonical = _clean(canonical)
        if not canonical:
            continue
        names = {canonical} | {_clean(v) for v in rest.split(",")}
        names.discard("")
        for name in names:
            groups.setdefault(name, set()).add(canonical)
    return {name: frozenset(g) for name, g in groups.items()}


def _clean(value: str) -> str:
    return "".join(ch for ch in value.strip().lower() if "a" <= ch <= "z")


def _with_known(groups: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Add the [known] names as singleton groups (names already in a group keep their groups)."""
    out = dict(groups)
    for line in _load("known").splitlines():
        for raw in line.split(","):
            name = _clean(raw)
            if name and name not in out:
                out[name] = frozenset((name,))
    return out


GROUPS: dict[str, frozenset[str]] = _with_known(_parse(TABLE))
_EMPTY: frozenset[str] = frozenset()


def groups_of(name: str) -> frozenset[str]:
    """The canonical names of the groups that hold ``name`` (normalised), or an empty set."""
    return GROUPS.get(name, _EMPTY)


def is_known(name: str) -> bool:
    """Whether ``name`` appears in the table at all."""
    return name in GROUPS


_ABD_PREFIX = re.compile(r"^abd(?:ul|ur|ar|al|el|er|il|ool|u|i|e)?")
_ALLAH_SUFFIX = re.compile(r"(?:ullah|ulla|allah|alla|ulah)$")
_OLUWA_PREFIX = re.compile(r"^(?:oluwa|olu)")


@lru_cache(maxsize=65536)
def compound_key(name: str) -> str:
    """A spelling-neutral key for compound names the table cannot list one by one: Arabic "Abd al-…" names
    (Abdulrahman, Abdurrahman, Abdelrahman) and names ending in "-ullah"; Yoruba names whose "Oluwa-"/"Olu-" prefix
    is usually dropped (Oluwaseun → Seun, Olumide → Mide)."""
    key = _ABD_PREFIX.sub("abd", name)
    key = _ALLAH_SUFFIX.sub("ullah", key)
    if len(key) > 6:
        key = _OLUWA_PREFIX.sub("", key)
    return key


def are_variants(a: str, b: str) -> bool:
    """Whether two normalised names are the same, listed in a common group, or spellings of one compound name."""
    if a == b:
        return True
    ga = GROUPS.get(a)
    if ga:
        gb = GROUPS.get(b)
        if gb is not None and not ga.isdisjoint(gb):
            return True
    ka, kb = compound_key(a), compound_key(b)
    return ka == kb and (ka != a or kb != b) and len(ka) >= 3


@lru_cache(maxsize=65536)
def canonical_forms(name: str) -> frozenset[str]:
    """The canonical names of ``name``'s groups, or ``{name}`` when it is in none."""
    return GROUPS.get(name) or frozenset((name,))


# Family-name spelling variants and transliterations (same rules as TABLE).
FAMILY_TABLE = _load("family")


_GENDERED_SUFFIXES = (("ska", "ski"), ("cka", "cki"), ("dzka", "dzki"), ("owa", "ow"), ("ova", "ov"), ("eva", "ev"),
                      ("ina", "in"), ("aite", "as"), ("yte", "is"), ("iene", "as"))  # fmt: skip

FAMILY_GROUPS: dict[str, frozenset[str]] = _parse(FAMILY_TABLE)


@lru_cache(maxsize=65536)
def family_stems(name: str) -> frozenset[str]:
    """Gender-neutral stems of a family name: Kowalska/Kowalski → kowalski, Ivanova/Ivanov → ivanov,
    Nováková/Novák → novak (Czech and Slovak -ová), plus the name itself and its FAMILY_TABLE groups."""
    stems = {name} | set(FAMILY_GROUPS.get(name, ()))
    for female, male in _GENDERED_SUFFIXES:
        if name.endswith(female) and len(name) > len(female) + 2:
            stems.add(name[: -len(female)] + male)
    if name.endswith("ova") and len(name) > 5:
        stems.add(name[:-3])
    return frozenset(stems)


def are_family_variants(a: str, b: str) -> bool:
    """Same family name, a listed spelling variant or transliteration, or the male/female forms of one name."""
    if a == b:
        return True
    return not family_stems(a).isdisjoint(family_stems(b))


@lru_cache(maxsize=65536)
def family_key(name: str) -> str:
    """One representative per family-name group, for term frequencies: male form of gendered names, then the
    FAMILY_TABLE canonical name (Kowalska → kowalski; Smyth → smith)."""
    base = name
    for female, male in _GENDERED_SUFFIXES:
        if name.endswith(female) and len(name) > len(female) + 2:
            base = name[: -len(female)] + male
            break
    groups = FAMILY_GROUPS.get(base)
    return min(groups) if groups else base
