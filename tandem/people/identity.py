"""Identity resolution: "do we already know this child?" — `find_candidates()` and the index behind it.

Contract (stable; the front door and meetings build on it)::

    describe(person) -> PersonDescription           how the register describes a person to the matching engine: every
                                                    name (current, previous, birth, aliases, known-as), every
                                                    address's postcode and lines, the NHS number and other
                                                    identifiers — including those of records merged into the person
    find_candidates(description, *, by, purpose, limit=10) -> CandidateList
        `by` is the request (its acting membership decides what may be shown, and the shown candidates are disclosed
        with `purpose` in the request's access event). Front-door roles search the whole person index (minimal
        demographics); everyone else only people they have a relationship with. Candidates below the lower
        threshold are not returned. `CandidateList.search_id` records that the search ran.
    rank(description, *, restrict_to_issuer=None, limit=5) -> list[Ranked]
        the same ranking with no request, no access filter and no writes: for batch linking (`link_people`)
    reindex(person) / index_people(rows)            keep the index in step (called by every action that changes a
                                                    person's identity data; a superseded person is removed from it
                                                    and their data is indexed under the survivor)
    model()                                         the matching model in use (estimated when one is installed)

Candidates come from blocking keys stored in `MatchKey` (64-bit hashes, primary key (key, entry)) and normalised forms
in `MatchEntry`, so any web process on any machine finds a person as soon as the transaction that indexed them commits
(ADR 0005). A lookup is two SQL statements (block sizes, then the candidates with the access filter joined in) plus
the rendering of what is shown. People decide: "match" is offered as "likely the same person", "review" as "possibly
the same person", each with its explanation; nothing is linked or merged automatically.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from tandem.audit import record
from tandem.people import access
from tandem.people.codes import Marking, Sex
from tandem.people.identifiers import NHS, matching_scheme, nhs_checksum_ok
from tandem.people.matching import (
    MATCH,
    NO_MATCH,
    NORMALISATION_VERSION,
    RECOMMENDED_BLOCK_CAP,
    FieldEvidence,
    MatchModel,
    Normalised,
    PersonDescription,
    Score,
    normalise,
    query_keys,
    record_keys,
)
from tandem.people.models import (
    Address,
    IdentitySearch,
    MatchEntry,
    MatchKey,
    MatchModelVersion,
    Person,
    PersonIdentifier,
    PersonName,
)

SEX_CODES: dict[str, str] = {Sex.MALE: "M", Sex.FEMALE: "F"}
#: A register smaller than this is matched with the prior of a register this size (the shipped default's), so small
#: registers (the demo, tests) are not made more lenient; larger registers get the prior their size implies.
MIN_PRIOR_REGISTER = 100_000


# ---------------------------------------------------------------------------------------------------------------------
# The model in use


@dataclass
class _ModelCache:
    checked_at: float = -1e18
    version: int | None = None
    register_size: int = 0
    base: MatchModel | None = None
    model: MatchModel | None = None


_cache = _ModelCache()
_cache_lock = threading.Lock()


def register_size() -> int:
    """How many current people are indexed (refreshed with the model, not per lookup)."""
    model()
    return _cache.register_size


def installed_model_version() -> int | None:
    """The `MatchModelVersion` in use, or None for the engine's shipped default."""
    model()
    return _cache.version


def base_model() -> MatchModel:
    """The model's parameters as installed (an estimate, or the shipped default), before the lookup prior."""
    model()
    assert _cache.base is not None  # noqa: S101 - set by model()
    return _cache.base


def model() -> MatchModel:
    """The matching model in use: the newest active `MatchModelVersion` (see `manage.py estimate_match_model`), or the
    engine's shipped default, with the prior of a lookup in a register this size (never smaller than
    MIN_PRIOR_REGISTER). An estimate's own prior describes pairs within the register (for deduplication), which is
    not the prior of looking one description up. Each process re-reads the version and the size every
    `TANDEM_MATCH_MODEL_REFRESH_SECONDS`; `model_changed()` forces it."""
    now = time.monotonic()
    if _cache.model is not None and now - _cache.checked_at < settings.TANDEM_MATCH_MODEL_REFRESH_SECONDS:
        return _cache.model
    with _cache_lock:
        row = MatchModelVersion.objects.filter(is_active=True).order_by("-version").values("version").first()
        version = row["version"] if row else None
        if version != _cache.version or _cache.base is None:
            if version is None:
                base = MatchModel.default()
            else:
                base = MatchModel.from_json(MatchModelVersion.objects.get(version=version).model_json)
            _cache.base, _cache.version = base, version
        size = MatchEntry.objects.count()
        _cache.model = _cache.base.with_prior(register_size=max(size, MIN_PRIOR_REGISTER))
        _cache.register_size = size
        _cache.checked_at = now
        return _cache.model


def model_changed() -> None:
    """Forget the cached model (after installing a new one, and in tests)."""
    _cache.checked_at = -1e18
    _cache.model = None
    _cache.base = None
    _cache.version = None


# ---------------------------------------------------------------------------------------------------------------------
# Describing a person to the engine


def merged_into(person_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """For each person, the records merged into them, directly or through a chain (survivor → [merged…])."""
    roots = list(person_ids)
    result: dict[uuid.UUID, list[uuid.UUID]] = {pid: [] for pid in roots}
    frontier = {pid: pid for pid in roots}
    for _ in range(10):  # chains are short; bounded so a cycle (which actions prevent) cannot loop
        if not frontier:
            break
        rows = Person.objects.filter(superseded_by_id__in=list(frontier)).values_list("pk", "superseded_by_id")
        nxt: dict[uuid.UUID, uuid.UUID] = {}
        for pid, survivor in rows:
            root = frontier[survivor]
            result[root].append(pid)
            nxt[pid] = root
        frontier = nxt
    return result


def _address_order(a: Address) -> tuple[int, str]:
    current = 0 if a.to_on is None else 1
    return (current, "" if a.from_on is None else f"{9999 - a.from_on.year:04d}{12 - a.from_on.month:02d}")


def describe(person: Person, *, with_merged: bool = True) -> PersonDescription:
    """The register's description of a person: every name, address and identifier it holds for them (and for the
    records merged into them), for matching. Markings do not apply here: the index is internal; what a search
    shows is decided by `access`."""
    people = [person]
    if with_merged and person.pk:
        merged_ids = merged_into([person.pk])[person.pk]
        if merged_ids:
            people += list(Person.objects.filter(pk__in=merged_ids))
    ids = [p.pk for p in people if p.pk]
    names = list(PersonName.objects.filter(person_id__in=ids).order_by("created_at")) if ids else []
    addresses = sorted(Address.objects.filter(person_id__in=ids), key=_address_order) if ids else []
    identifiers = list(PersonIdentifier.objects.filter(person_id__in=ids).order_by("-valid_from")) if ids else []
    return description_from(people, names, addresses, identifiers)


def describe_many(people: Sequence[Person]) -> list[tuple[uuid.UUID, PersonDescription]]:
    """`describe` for many people at once (a few queries in all, not per person)."""
    families = merged_into([p.pk for p in people])
    extra = {p.pk: p for p in Person.objects.filter(pk__in=[m for ids in families.values() for m in ids])}
    every = [p.pk for p in people] + list(extra)
    names: dict[uuid.UUID, list[PersonName]] = {}
    for n in PersonName.objects.filter(person_id__in=every).order_by("created_at"):
        names.setdefault(n.person_id, []).append(n)
    addresses: dict[uuid.UUID, list[Address]] = {}
    for a in Address.objects.filter(person_id__in=every):
        addresses.setdefault(a.person_id, []).append(a)
    identifiers: dict[uuid.UUID, list[PersonIdentifier]] = {}
    for i in PersonIdentifier.objects.filter(person_id__in=every).order_by("-valid_from"):
        identifiers.setdefault(i.person_id, []).append(i)
    out = []
    for person in people:
        members = [person, *(extra[m] for m in families[person.pk] if m in extra)]
        ids = [m.pk for m in members]
        out.append(
            (
                person.pk,
                description_from(
                    members,
                    [n for pid in ids for n in names.get(pid, [])],
                    sorted((a for pid in ids for a in addresses.get(pid, [])), key=_address_order),
                    [i for pid in ids for i in identifiers.get(pid, [])],
                ),
            )
        )
    return out


def description_from(
    people: Sequence[Person],
    names: Sequence[PersonName],
    addresses: Sequence[Address],
    identifiers: Sequence[PersonIdentifier],
) -> PersonDescription:
    main = people[0]
    given: list[str] = []
    family: list[str] = []
    for p in people:
        given += [p.given_name, *p.middle_names.split(), p.known_as]
        family.append(p.family_name)
    for n in names:
        given += [n.given_name, *n.middle_names.split()]
        family.append(n.family_name)
    nhs = ""
    others: list[tuple[str, str]] = []
    for i in sorted(identifiers, key=lambda i: (i.valid_to is not None, not i.verified)):
        if i.scheme == NHS:
            if not nhs and nhs_checksum_ok(i.value):
                nhs = i.value
            continue
        others.append((matching_scheme(i.scheme, i.issuer), i.value_as_supplied or i.value))
    dob = main.date_of_birth
    if dob is None:
        dob = next((p.date_of_birth for p in people[1:] if p.date_of_birth), None)
    return PersonDescription(
        given_names=tuple(dict.fromkeys(n.strip() for n in given if n and n.strip())),
        family_names=tuple(dict.fromkeys(n.strip() for n in family if n and n.strip())),
        date_of_birth=dob,
        dob_precision=main.dob_precision if main.date_of_birth else ("day" if dob else "unknown"),
        sex=SEX_CODES.get(main.sex),
        postcodes=tuple(
            dict.fromkeys(
                a.postcode or a.postcode_as_supplied for a in addresses if a.postcode or a.postcode_as_supplied
            )
        ),
        address_lines=tuple(
            dict.fromkeys(", ".join(x for x in (a.line_1, a.line_2, a.town) if x) for a in addresses if a.line_1)
        ),
        nhs_number=nhs or None,
        other_identifiers=tuple(dict.fromkeys(others)),
        record_id=str(main.pk),
    )


# ---------------------------------------------------------------------------------------------------------------------
# The index


def key_hash(key: str) -> int:
    """A blocking key as a signed 64-bit integer (BLAKE2b). A collision only joins two blocks: more candidates to
    score, never a lost one."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def encode(n: Normalised) -> str:
    return json.dumps(n.as_dict(), separators=(",", ":"), ensure_ascii=False)


#: Decoded index entries, keyed by their stored text. Content-addressed, so never stale: a person's changed entry is
#: a different string. Bounded; cleared when full.
_DECODED: dict[str, Normalised] = {}
DECODED_CACHE_SIZE = 50_000


def decode(data: str) -> Normalised:
    n = _DECODED.get(data)
    if n is None:
        n = Normalised.from_dict(json.loads(data))
        if len(_DECODED) >= DECODED_CACHE_SIZE:
            _DECODED.clear()
        _DECODED[data] = n
    return n


def index_row(description: PersonDescription | Normalised) -> tuple[str, str, list[int]]:
    """(data, keys text, key hashes) for one person's `MatchEntry` and `MatchKey` rows."""
    n = normalise(description)
    hashes = sorted({key_hash(k) for k in record_keys(n)})
    return encode(n), " ".join(str(h) for h in hashes), hashes


def drop_entries(entries: Sequence[tuple[int, str]]) -> None:
    """Delete index entries and exactly the key rows they made: (entry id, keys text) each."""
    pairs = [(int(h), entry_id) for entry_id, keys in entries for h in keys.split()]
    with connection.cursor() as cursor:
        table = MatchKey._meta.db_table
        for start in range(0, len(pairs), 500):
            chunk = pairs[start : start + 500]
            cursor.executemany(f"DELETE FROM {table} WHERE key = %s AND entry = %s", chunk)  # noqa: S608
    MatchEntry.objects.filter(pk__in=[entry_id for entry_id, _ in entries]).delete()


def _insert_keys(rows: Iterable[tuple[int, int]]) -> None:
    table = MatchKey._meta.db_table
    with connection.cursor() as cursor:
        batch: list[tuple[int, int]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(f"INSERT INTO {table} (key, entry) VALUES (%s, %s)", batch)  # noqa: S608
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} (key, entry) VALUES (%s, %s)", batch)  # noqa: S608


def _root(person: Person) -> Person:
    seen = {person.pk}
    while person.superseded_by_id is not None and person.superseded_by_id not in seen:
        seen.add(person.superseded_by_id)
        person = Person.objects.get(pk=person.superseded_by_id)
    return person


def reindex(person: Person, description: PersonDescription | None = None) -> None:
    """Bring one person's index rows up to date, in the caller's transaction. A superseded person's own rows are
    removed and the record they were merged into is re-indexed instead (its description includes theirs)."""
    old = list(MatchEntry.objects.filter(person_id=person.pk).values_list("pk", "keys"))
    if old:
        drop_entries(old)
    if person.superseded_by_id is not None:
        reindex(_root(person))
        return
    data, keys, hashes = index_row(description or describe(person))
    entry = MatchEntry.objects.create(person=person, data=data, keys=keys, version=NORMALISATION_VERSION)
    _insert_keys((h, entry.pk) for h in hashes)


def index_people(rows: Iterable[tuple[uuid.UUID, PersonDescription]], *, batch_size: int = 5000) -> int:
    """Index many people not yet in the index (imports), in the caller's transaction. Returns how many."""
    from tandem.people import bulk

    prep = bulk.Prep.here()
    count = 0
    iterator = iter(rows)
    while chunk := [row for _, row in zip(range(batch_size), iterator, strict=False)]:
        bulk.write_index([(prep.uid(pid), *index_row(d)) for pid, d in chunk], prep)
        count += len(chunk)
    return count


def reindex_everyone(*, batch_size: int = 2000) -> int:
    """Rebuild the whole index (after a normalisation change or a migration). Returns how many were indexed."""
    MatchKey.objects.all().delete()
    MatchEntry.objects.all().delete()
    done = 0
    ids = list(Person.objects.current().values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), batch_size):
        people = list(Person.objects.filter(pk__in=ids[start : start + batch_size]))
        index_people(describe_many(people))
        done += len(people)
    model_changed()
    return done


# ---------------------------------------------------------------------------------------------------------------------
# Looking people up


@dataclass(frozen=True)
class Candidate:
    person_id: uuid.UUID
    entry: access.IndexEntry
    probability: float
    decision: str  # "match" (likely the same person) or "review" (possibly the same person)
    evidence: tuple[FieldEvidence, ...]
    explanation: str
    guards: tuple[str, ...] = ()

    @property
    def is_likely(self) -> bool:
        return self.decision == MATCH

    @property
    def label(self) -> str:
        if self.decision == MATCH:
            return "Likely the same person"
        return "Possibly the same person" if self.decision != NO_MATCH else "Same last name"


@dataclass
class CandidateList:
    candidates: list[Candidate] = field(default_factory=list)
    search_id: uuid.UUID | None = None
    hidden: list[uuid.UUID] = field(default_factory=list)
    index_tier: bool = False
    same_family_name: list[Candidate] = field(default_factory=list)

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self.candidates)

    def __len__(self) -> int:
        return len(self.candidates)


@dataclass(frozen=True)
class Ranked:
    person_id: uuid.UUID
    score: Score
    normalised: Normalised


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def _block_sizes(hashes: Sequence[int], cap: int) -> dict[int, int]:
    """The query's keys whose blocks hold at most `cap` people, with their sizes (one statement over the primary
    key)."""
    if not hashes:
        return {}
    table = MatchKey._meta.db_table
    sql = (
        f"SELECT key, COUNT(*) FROM {table} WHERE key IN ({_placeholders(len(hashes))}) "  # noqa: S608
        "GROUP BY key HAVING COUNT(*) <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*hashes, cap])
        return dict(cursor.fetchall())


def _usable_keys(hashes: Sequence[int], cap: int) -> list[int]:
    """The query's keys whose blocks hold at most `cap` people."""
    return list(_block_sizes(hashes, cap))


#: How many candidates a lookup scores at most (besides everyone sharing an identifier, `ALWAYS_SCORED`): those
#: sharing the most of the query's blocking keys, each key counted by its rarity (`key_weight`). The right person
#: shares several keys, most of them small blocks (postcode, name and year of birth); the rest of a large block
#: (everyone born that day) shares one. On 1,000 noisy lookups at 1,000,000 people (bench/lookup_latency.py) the
#: right person and every "likely the same person" were unchanged; what changed were a few secondary "possibly the
#: same person" namesakes sharing only the name key (a different year of birth), which no longer show (ADR 0005).
SCORED_CANDIDATES = 100


#: What a first or last name spelt as typed counts when choosing whom to score (as much as sharing a key of ~250
#: people at 1,000,000): it separates the right person from everyone else born that day when a slip in the first
#: letter of a name left them sharing only the date of birth.
NAME_WEIGHT = 12_000


def key_weight(block_size: int, register_size: int) -> int:
    """How much sharing one blocking key counts when choosing whom to score: the bits of surprise of a block this
    size in this register (×1000, an integer so both databases order candidates alike)."""
    return round(1000 * math.log2(1 + max(register_size, block_size) / max(block_size, 1)))


def _fetch(
    blocks: Mapping[int, int] | Sequence[int],
    *,
    visibility: tuple[str, list[Any]] | None,
    issuer: str | None = None,
    keep: int | None = None,
    always: Collection[int] = (),
    names: Sequence[Sequence[str]] = (),
) -> list[tuple[str, str]]:
    """(person id as text, data) of the current people in the `blocks` (key hashes, or key hash → block size) that pass
    the visibility filter (SQL over `people_person` aliased `p`) and, for batch linking, hold an identifier issued by
    `issuer`. With `keep` (and block sizes): only the `keep` of them sharing the most weight of keys (`key_weight`),
    chosen among those that pass the filters (so what the caller may not see never displaces what they may), and
    everyone in the blocks of the `always` keys. `names` (the typed first and last names' spellings, `name_variants`)
    break ties among people sharing equally rare keys: each one a person's record holds counts as much as a key.

    Ids stay text (`uuid.UUID(text)` reads either database's form): only the few ranked people become UUIDs, which saved
    half a millisecond a lookup at 100 candidates."""
    if not blocks:
        return []
    hashes = list(blocks)
    entry_table, key_table = MatchEntry._meta.db_table, MatchKey._meta.db_table
    person_table = Person._meta.db_table
    # Table names come from the models and every value is a parameter.
    where: list[str] = []
    params: list[Any] = []
    if visibility is not None:
        clause, clause_params = visibility
        where.append(clause)
        params += clause_params
    if issuer is not None:
        where.append(
            f"EXISTS (SELECT 1 FROM {PersonIdentifier._meta.db_table} i WHERE i.person_id = e.person_id "  # noqa: S608
            "AND i.scheme = 'source' AND i.issuer = %s)"
        )
        params.append(issuer)
    filters = " AND ".join(where) or "1 = 1"
    in_blocks = f"k.key IN ({_placeholders(len(hashes))})"
    if keep is not None and isinstance(blocks, Mapping) and len(hashes) > 1:
        register = max(register_size(), 1)
        shared = " ".join("WHEN %s THEN %s" for _ in hashes)
        weights = [v for h in hashes for v in (h, key_weight(blocks[h], register))]
        # The subquery's aliases (e, p) shadow the outer ones, so the same filters apply inside and out. A UNION,
        # not an OR, adds the `always` blocks: PostgreSQL scanned every entry for the OR.
        name_terms, name_params = [], []
        for column, spellings in zip(("p.given_name", "p.family_name"), names, strict=False):
            if spellings:
                name_terms.append(f" + CASE WHEN {column} IN ({_placeholders(len(spellings))}) THEN %s ELSE 0 END")
                name_params += [*spellings, NAME_WEIGHT]
        chosen = (
            f"SELECT t.entry FROM (SELECT c.entry FROM (SELECT k.entry, SUM(CASE k.key {shared} ELSE 0 END) "  # noqa: S608
            f"AS shared FROM {key_table} k WHERE {in_blocks} GROUP BY k.entry) c JOIN {entry_table} e "
            f"ON e.id = c.entry JOIN {person_table} p ON p.id = e.person_id WHERE {filters} "
            f"ORDER BY c.shared{''.join(name_terms)} DESC, c.entry LIMIT %s) t"
        )
        chosen_params = [*weights, *hashes, *params, *name_params, keep]
        extra = [h for h in hashes if h in set(always)]
        if extra:
            chosen += f" UNION SELECT k.entry FROM {key_table} k WHERE k.key IN ({_placeholders(len(extra))})"  # noqa: S608
            chosen_params += extra
        sql = (
            f"SELECT e.person_id, e.data FROM {entry_table} e JOIN {person_table} p ON p.id = e.person_id "  # noqa: S608
            f"WHERE e.id IN ({chosen}) AND {filters}"
        )
        params = [*chosen_params, *params]
    else:
        sql = (
            f"SELECT e.person_id, e.data FROM {entry_table} e JOIN {person_table} p ON p.id = e.person_id "  # noqa: S608
            f"WHERE e.id IN (SELECT k.entry FROM {key_table} k WHERE {in_blocks}) AND {filters}"
        )
        params = [*hashes, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(str(pid), data) for pid, data in cursor.fetchall()]


#: Keys whose whole blocks are always scored, however many candidates there are: identifiers (a shared NHS number is
#: always worth a person's look, even with every other field different).
ALWAYS_SCORED = ("n:", "i:")


def _query_blocks(q: Normalised, cap: int) -> tuple[dict[int, int], set[int]]:
    """The query's usable blocks (key hash → size) and the hashes of those always scored in full."""
    keys = {key_hash(k): k for k in query_keys(q)}
    blocks = _block_sizes(sorted(keys), cap)
    return blocks, {h for h in blocks if keys[h].startswith(ALWAYS_SCORED)}


def _typed_names(description: PersonDescription | Normalised) -> tuple[list[str], list[str]]:
    """The first and last name as typed, in the spellings registers usually hold (for `_fetch`'s tie-break)."""
    if isinstance(description, Normalised):
        return [], []
    given = description.given_names[0] if description.given_names else ""
    family = description.family_names[0] if description.family_names else ""
    return name_variants(given), name_variants(family)


def _index_visibility(membership: Any) -> tuple[str, list[Any]]:
    """SQL for `access.index_searchable`: the record's own marking (restricted to the owning agency, sealed to the
    named people). Superseded people have no index entry."""
    sealed = Person.sealed_to.through._meta.db_table
    return (
        "(p.marking = %s OR (p.marking = %s AND p.owning_agency_id = %s) OR (p.marking = %s AND EXISTS "  # noqa: S608
        f"(SELECT 1 FROM {sealed} s WHERE s.person_id = p.id AND s.user_id = %s)))",
        [Marking.PARTNERSHIP, Marking.RESTRICTED, membership.agency_id, Marking.SEALED, membership.user_id],
    )


def _related_visibility(membership: Any) -> tuple[str, list[Any]]:
    """SQL for `access.visible_to`: people the membership has a relationship with (and may see)."""
    sql, params = access.visible_ids_sql(membership)
    return f"p.id IN ({sql})", params


def _rank(
    q: Normalised, rows: Sequence[tuple[str, str]], *, limit: int, match_model: MatchModel | None = None
) -> list[Ranked]:
    decoded = {pid: decode(data) for pid, data in rows}
    scored = (match_model or model()).rank(q, decoded.items(), limit=limit)
    return [Ranked(uuid.UUID(rid), score, decoded[rid]) for rid, score in scored]


def candidates_for(
    description: PersonDescription | Normalised,
    *,
    visibility: tuple[str, list[Any]] | None,
    limit: int,
    cap: int = RECOMMENDED_BLOCK_CAP,
    issuer: str | None = None,
    match_model: MatchModel | None = None,
    keep: int | None = SCORED_CANDIDATES,
) -> list[Ranked]:
    """Ranked candidates (no request, no writes): score at most `keep` of the people in the query's blocks (None:
    everyone in them)."""
    q = normalise(description)
    blocks, always = _query_blocks(q, cap)
    rows = _fetch(
        blocks, visibility=visibility, issuer=issuer, keep=keep, always=always, names=_typed_names(description)
    )
    return _rank(q, rows, limit=limit, match_model=match_model)


def rank(
    description: PersonDescription | Normalised,
    *,
    restrict_to_issuer: str | None = None,
    limit: int = 5,
    match_model: MatchModel | None = None,
) -> list[Ranked]:
    """Ranked candidates for batch linking: no request, no access filter, no writes (nothing is disclosed to a
    person; the caller is a command acting as the system). `restrict_to_issuer` keeps only people holding a record
    id issued by that source."""
    return candidates_for(description, visibility=None, limit=limit, issuer=restrict_to_issuer, match_model=match_model)


def name_variants(name: str) -> list[str]:
    """Spellings of a typed name as registers usually hold it ("lockwood" → Lockwood, LOCKWOOD …), so an exact,
    indexed lookup finds it whatever case was typed."""
    typed = " ".join(name.split())
    if not typed:
        return []
    forms = {typed, typed.lower(), typed.upper(), typed.title(), typed.capitalize()}
    return sorted(forms)


def _same_family_people(family: str, allowed: Any, *, exclude: set[uuid.UUID], limit: int) -> list[Person]:
    """People with this last name (as typed, in the usual cases) whom the caller may see, besides `exclude`."""
    variants = name_variants(family)
    if not variants or limit <= 0:
        return []
    return list(
        allowed.filter(family_name__in=variants)
        .exclude(pk__in=exclude)
        .order_by("family_name", "given_name", "date_of_birth")[:limit]
    )


def find_candidates(
    description: PersonDescription,
    *,
    by: HttpRequest,
    purpose: str,
    limit: int = 10,
    include_same_family_name: bool = False,
) -> CandidateList:
    """Ranked candidates the caller may see, each with a probability and a per-field explanation.

    Front-door roles rank the whole person index; everyone else ranks only people they have a relationship with (so
    the ranking, its guards included, never depends on records they cannot see). For those roles, records they
    cannot see that match the full name and date of birth exactly are reported by id only (`hidden`), so that
    break-glass can start from them; that existence is itself disclosed.

    `include_same_family_name` (the search page and the search API): also list, after the candidates, people with
    the typed last name whom the engine ranks below its lower threshold (`CandidateList.same_family_name`, scored
    and explained too), so a search by last name alone still lists people."""
    membership = by.acting  # type: ignore[attr-defined]
    q = normalise(description)
    index_tier = access.may_search_index(membership)
    visibility = _index_visibility(membership) if index_tier else _related_visibility(membership)
    blocks, always = _query_blocks(q, RECOMMENDED_BLOCK_CAP)
    rows = _fetch(blocks, visibility=visibility, keep=SCORED_CANDIDATES, always=always, names=_typed_names(description))
    ranked = _rank(q, rows, limit=limit)
    shown = [r for r in ranked if r.score.decision != NO_MATCH]
    current = model()
    weak: list[Ranked] = []
    family = description.family_names[0] if description.family_names else ""
    if include_same_family_name and family:
        allowed = access.index_searchable(membership) if index_tier else access.visible_to(membership)
        others = _same_family_people(
            family, allowed, exclude={r.person_id for r in shown}, limit=max(0, 25 - len(shown))
        )
        if others:
            described = dict(describe_many(others))
            scored = current.rank(q, [(str(p.pk), described[p.pk]) for p in others], limit=len(others))
            by_id = {uuid.UUID(rid): score for rid, score in scored}
            weak = [Ranked(p.pk, by_id[p.pk], normalise(described[p.pk])) for p in others]
    hidden: list[uuid.UUID] = []
    if not index_tier and q.dob and q.dob_precision == "d" and description.given_names and family:
        exact = Person.objects.current().filter(
            family_name__in=name_variants(family),
            given_name__in=name_variants(description.given_names[0]),
            date_of_birth=description.date_of_birth,
        )
        hidden = access.hidden_exact_matches(by, exact)
    listed = shown + weak
    record.set_purpose(by, purpose)
    entries: dict[uuid.UUID, access.IndexEntry] = {}
    if listed:
        related = None if index_tier else {r.person_id for r in listed}
        entries = {
            e.id: e
            for e in access.index_entries_by_id(by, [r.person_id for r in listed], purpose=purpose, related_ids=related)
        }
    search = IdentitySearch.objects.create(
        membership=membership, description=q.as_dict(), candidate_ids=[str(r.person_id) for r in listed]
    )

    def candidate(r: Ranked) -> Candidate:
        return Candidate(
            person_id=r.person_id,
            entry=entries[r.person_id],
            probability=r.score.probability,
            decision=r.score.decision,
            evidence=r.score.evidence,
            explanation=current.explain(r.score),
            guards=r.score.guards,
        )

    return CandidateList(
        candidates=[candidate(r) for r in shown],
        search_id=search.pk,
        hidden=hidden,
        index_tier=index_tier,
        same_family_name=[candidate(r) for r in weak],
    )
