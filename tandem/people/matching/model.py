"""The Fellegi–Sunter match model: per-comparison levels with m and u probabilities, a prior, term-frequency
tables for common names and dates, guards for the dangerous cases, and estimation from data.

Weights are ``log2(m / u)`` per level; a pair's match weight is the sum over comparisons plus the log2 prior odds
``log2(λ / (1 − λ))``. Exact (and variant) agreement on a given name, a family name or a date of birth is
term-frequency adjusted as in Splink: the level's ``u`` is replaced by the value's frequency, so “Smith” or
“Mohammed” count for less than a rare name, within capped bounds.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from tandem.people.matching import comparisons as cmp
from tandem.people.matching.comparisons import (
    ADDRESS,
    DOB,
    FAMILY,
    GIVEN,
    IDENTIFIER_LABELS,
    IDENTIFIER_LEVELS,
    LEVELS,
    MISSING,
    NHS,
    SEX,
)
from tandem.people.matching.description import MATCH, NO_MATCH, REVIEW, FieldEvidence, PersonDescription, Score
from tandem.people.matching.nicknames import canonical_forms, family_key
from tandem.people.matching.normalise import Normalised, normalise

MODEL_FORMAT = 1
COMPARISONS = (NHS, GIVEN, FAMILY, DOB, ADDRESS, SEX)
TF_FIELDS = (GIVEN, FAMILY, DOB)
TF_LEVELS = {GIVEN: ("exact", "variant"), FAMILY: ("exact",), DOB: ("exact",)}
SWAP_PENALTY = 3.0
"""A swapped name counts as much as the same name less this many bits (twice: first and family name): swaps are
rare among true matches, so two crosswise agreements say a little less than two straight ones."""
HOUSEHOLD_FAMILY = frozenset(("exact", "variant", "partial"))
HOUSEHOLD_ADDRESS = frozenset(("address", "postcode", "postcode_other_house", "line"))
DEFAULT_HOUSEHOLD = (0.55, 2.7e-5)
"""(m, u) of "same family name and same address": u is the chance two people on the register share a household."""
IDENTIFIER_DEFAULT = "*"

TF_MAX_UP = 5.0
"""A rare value can add at most this many bits over the level's average weight."""
TF_MAX_DOWN = 8.0
"""A very common value can take at most this many bits off."""

GUARD_TWIN = "Same date of birth, family name and address but different first names: could be a twin or sibling"
GUARD_SIBLING = "Same family name and address but different first names: could be a sibling or other relative"
GUARD_RELATIVE = "Same date of birth and family name but different first names: could be a relative"
GUARD_FIRST_NAME = "Different first names: a person must check before treating these as the same"
GUARD_NHS_CONFLICT = "Different NHS numbers: these are very unlikely to be the same person"
GUARD_NHS_ONLY = "Same NHS number but different names and date of birth: check the NHS number was recorded correctly"
GUARD_NAMESAKE = (
    "The address is missing or in another district and no NHS number or other identifier confirms it: could be a "
    "different person with the same name and date of birth"
)
GUARD_NO_FIRST_NAME = (
    "Only an initial or no first name, and no NHS number or other identifier confirms it: cannot tell twins, "
    "siblings or namesakes apart"
)
GUARD_HOUSEHOLD_ELSEWHERE = (
    "A record at the described address has the same date of birth and family name but a different first name: the "
    "person described may be their twin or sibling rather than this record"
)
GUARD_AMBIGUOUS = "Another record matches this description about as well: a person must choose"

_GIVEN_TF = frozenset(TF_LEVELS[GIVEN])
_FAMILY_TF = frozenset(TF_LEVELS[FAMILY])
_Params = dict[str, dict[str, tuple[float, float]]]
_M_FLOOR = 1e-6
_U_FLOOR = 1e-9


def tf_key(field: str, n: Normalised) -> str:
    """The value a term-frequency table is keyed on: a given name's canonical nickname group (so Mohammed and
    Muhammad count together), a family name's gender-neutral stem, the date of birth."""
    if field == GIVEN:
        name = n.given[0]
        forms = canonical_forms(name)
        return next(iter(forms)) if len(forms) == 1 else name
    if field == FAMILY:
        return family_key(n.family[0])
    return str(n.dob)


def _log2(x: float) -> float:
    return math.log2(max(x, 1e-300))


def probability(weight: float) -> float:
    """Posterior probability from a match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = 2.0**weight
    return odds / (1.0 + odds)


@dataclass(frozen=True, slots=True)
class _Pair:
    """The comparison vector of one pair: level per comparison (MISSING allowed) and identifier levels."""

    levels: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...]


class MatchModel:
    """Fellegi–Sunter model. Build with ``MatchModel.default()`` or ``MatchModel.from_json(s)``; refine with
    ``estimate`` (unsupervised) and ``train`` (labelled pairs). Instances are immutable in use: the refining methods
    return new models."""

    def __init__(
        self,
        *,
        params: _Params,
        identifier_params: _Params,
        prior: float,
        upper_threshold: float = 0.99,
        lower_threshold: float = 0.2,
        tf: dict[str, dict[str, float]] | None = None,
        tf_floor: dict[str, float] | None = None,
        fixed: Iterable[str] = (NHS,),
        description: str = "",
        household: tuple[float, float] = DEFAULT_HOUSEHOLD,
    ) -> None:
        for name in COMPARISONS:
            missing = set(LEVELS[name]) - set(params.get(name, {}))
            if missing:
                raise ValueError(f"{name}: no parameters for levels {sorted(missing)}")
        if IDENTIFIER_DEFAULT not in identifier_params:
            raise ValueError("identifier parameters need a default scheme '*'")
        if not 0.0 < prior < 1.0:
            raise ValueError("prior must be between 0 and 1")
        if not 0.0 < lower_threshold <= upper_threshold < 1.0:
            raise ValueError("thresholds must satisfy 0 < lower ≤ upper < 1")
        self.params: _Params = {c: {lv: (float(m), float(u)) for lv, (m, u) in params[c].items()} for c in COMPARISONS}
        self.identifier_params: _Params = {
            s: {lv: (float(m), float(u)) for lv, (m, u) in levels.items()} for s, levels in identifier_params.items()
        }
        self.prior = float(prior)
        self.upper_threshold = float(upper_threshold)
        self.lower_threshold = float(lower_threshold)
        self.tf: dict[str, dict[str, float]] = {f: dict((tf or {}).get(f, {})) for f in TF_FIELDS}
        self.tf_floor: dict[str, float] = dict(tf_floor or {})
        self.fixed = frozenset(fixed)
        self.description = description
        self.household = (float(household[0]), float(household[1]))
        self.household_weight = _log2(self.household[0]) - _log2(self.household[1])
        self.prior_weight = _log2(self.prior) - _log2(1.0 - self.prior)
        self._weights: dict[tuple[str, str], float] = {}
        self._evidence: dict[tuple[str, str], FieldEvidence] = {}
        for name in COMPARISONS:
            for level, (m, u) in self.params[name].items():
                weight = _log2(max(m, _M_FLOOR)) - _log2(max(u, _U_FLOOR))
                self._weights[(name, level)] = weight
                self._evidence[(name, level)] = _make_evidence(name, level, weight)
            self._evidence[(name, MISSING)] = _make_evidence(name, MISSING, 0.0)
        self._evidence_sets: dict[tuple[tuple[str, ...], tuple[float, ...]], tuple[FieldEvidence, ...]] = {}
        self._by_level: dict[str, dict[str, float]] = {
            name: {MISSING: 0.0, **{level: self._weights[(name, level)] for level in self.params[name]}}
            for name in COMPARISONS
        }
        self._id_weights: dict[tuple[str, str], float] = {}
        for scheme, levels in self.identifier_params.items():
            for level, (m, u) in levels.items():
                self._id_weights[(scheme, level)] = _log2(max(m, _M_FLOOR)) - _log2(max(u, _U_FLOOR))
        self._upper_weight = _log2(self.upper_threshold) - _log2(1.0 - self.upper_threshold)
        self._lower_weight = _log2(self.lower_threshold) - _log2(1.0 - self.lower_threshold)

    # ------------------------------------------------------------------------------------------------ weights

    def weight(self, comparison: str, level: str) -> float:
        """The (not term-frequency adjusted) weight of one level; 0 for a missing field."""
        if level == MISSING:
            return 0.0
        return self._weights[(comparison, level)]

    def identifier_weight(self, scheme: str, level: str) -> float:
        key = (scheme, level) if (scheme, level) in self._id_weights else (IDENTIFIER_DEFAULT, level)
        return self._id_weights[key]

    def _tf_weight(self, field: str, level: str, a: Normalised, b: Normalised) -> float:
        base = self._weights[(field, level)]
        table = self.tf[field]
        if not table and field not in self.tf_floor:
            return base
        ka, kb = tf_key(field, a), tf_key(field, b)
        floor = self.tf_floor.get(field)
        fa = table.get(ka, floor)
        fb = table.get(kb, floor) if kb != ka else fa
        freq = max(f for f in (fa, fb) if f is not None) if (fa is not None or fb is not None) else None
        if freq is None:
            return base
        u = self.params[field][level][1]
        adjustment = _log2(u) - _log2(max(freq, _U_FLOOR))
        return base + min(TF_MAX_UP, max(-TF_MAX_DOWN, adjustment))

    # ------------------------------------------------------------------------------------------------ scoring

    def compare(self, a: PersonDescription | Normalised, b: PersonDescription | Normalised) -> dict[str, str]:
        """The level reached on each comparison (identifiers as ``"identifier:<scheme>"``)."""
        na, nb = normalise(a), normalise(b)
        na, nb = self._ordered(na, nb)
        out = dict(zip(COMPARISONS, self._weigh(na, nb)[1], strict=True))
        for scheme, level in cmp.compare_identifiers(na, nb):
            out[f"identifier:{scheme}"] = level
        return out

    def _weigh(self, na: Normalised, nb: Normalised) -> tuple[float, tuple[str, ...], tuple[float, ...]]:
        """The core of scoring: (match weight, level per comparison, weight per comparison plus the household
        correction). ``na`` and ``nb`` must already be in canonical order (see ``score``)."""
        given, family = cmp.compare_names(na, nb)
        nhs = MISSING if not (na.nhs and nb.nhs) else "agree" if na.nhs == nb.nhs else "different"
        sex = MISSING if not (na.sex and nb.sex) else "agree" if na.sex == nb.sex else "different"
        dob = cmp.compare_dob(na, nb)
        address = cmp.compare_address(na, nb)
        by_level = self._by_level
        w_nhs = by_level[NHS][nhs]
        w_given = self._tf_weight(GIVEN, given, na, nb) if given in _GIVEN_TF else by_level[GIVEN][given]
        w_family = self._tf_weight(FAMILY, family, na, nb) if family in _FAMILY_TF else by_level[FAMILY][family]
        if given == "swapped":
            w_given = by_level[GIVEN]["exact"] - SWAP_PENALTY
        if family == "swapped":
            w_family = by_level[FAMILY]["exact"] - SWAP_PENALTY
        w_dob = self._tf_weight(DOB, dob, na, nb) if dob == "exact" else by_level[DOB][dob]
        w_address = by_level[ADDRESS][address]
        w_sex = by_level[SEX][sex]
        total = self.prior_weight + w_nhs + w_given + w_family + w_dob + w_address + w_sex
        # Family name and address are not independent: relatives share both. Together they count at most as much
        # as living in the same household does.
        household = 0.0
        if family in HOUSEHOLD_FAMILY and address in HOUSEHOLD_ADDRESS and w_family + w_address > self.household_weight:
            household = self.household_weight - (w_family + w_address)
            total += household
        if na.identifiers and nb.identifiers:
            for scheme, level in cmp.compare_identifiers(na, nb):
                total += self.identifier_weight(scheme, level)
        return (
            total,
            (nhs, given, family, dob, address, sex),
            (w_nhs, w_given, w_family, w_dob, w_address, w_sex, household),
        )

    @staticmethod
    def _ordered(a: PersonDescription | Normalised, b: PersonDescription | Normalised) -> tuple[Normalised, Normalised]:
        na = a if isinstance(a, Normalised) else normalise(a)
        nb = b if isinstance(b, Normalised) else normalise(b)
        if (nb.given, nb.family, nb.dob, nb.postcodes) < (na.given, na.family, na.dob, na.postcodes):
            return nb, na
        return na, nb

    def match_weight(self, a: PersonDescription | Normalised, b: PersonDescription | Normalised) -> float:
        """Just the match weight of ``score(a, b)`` (no evidence, no guards): the cheap way to rank many."""
        return self._weigh(*self._ordered(a, b))[0]

    def score(self, a: PersonDescription | Normalised, b: PersonDescription | Normalised) -> Score:
        """Compare two descriptions. Symmetric: ``score(a, b) == score(b, a)``."""
        na, nb = self._ordered(a, b)
        total, levels, field_weights = self._weigh(na, nb)
        key = (levels, field_weights)
        known = self._evidence_sets.get(key)
        if known is None:
            cached = self._evidence
            known = tuple(
                item if (item := cached[(name, level)]).weight == w else _evidence_for(name, level, w)
                for name, level, w in zip(COMPARISONS, levels, field_weights[:6], strict=True)
            )
            if field_weights[6]:
                known = (*known, _household_evidence(field_weights[6]))
            if len(self._evidence_sets) < 100_000:
                self._evidence_sets[key] = known
        evidence = known
        if na.identifiers and nb.identifiers:
            extra = []
            for scheme, level in cmp.compare_identifiers(na, nb):
                w = self.identifier_weight(scheme, level)
                text = f"{scheme}: {IDENTIFIER_LABELS[level]} {w:+.1f}"
                extra.append(FieldEvidence(f"identifier:{scheme}", level, w, text))
            evidence = (*known, *extra)
        p = probability(total)
        decision = MATCH if total >= self._upper_weight else REVIEW if total >= self._lower_weight else NO_MATCH
        if decision == NO_MATCH and levels[0] == "agree":
            decision = REVIEW  # a shared NHS number is always worth a person's look
        guards: tuple[str, ...] = ()
        if decision != NO_MATCH:
            guards = self._guards(na, nb, dict(zip(COMPARISONS, levels, strict=True)))
            if guards and decision == MATCH:
                decision = REVIEW
        return Score(match_weight=total, probability=p, evidence=evidence, decision=decision, guards=guards)

    def _guards(self, a: Normalised, b: Normalised, levels: dict[str, str]) -> tuple[str, ...]:
        guards: list[str] = []
        nhs = levels[NHS]
        if nhs == "different":
            guards.append(GUARD_NHS_CONFLICT)
        if nhs == "agree":
            if (
                levels[GIVEN] in ("different", "similar")
                and levels[FAMILY] in ("different", "similar")
                and levels[DOB] in ("different", "within_year")
            ):
                guards.append(GUARD_NHS_ONLY)
            return tuple(guards)
        identifier_agrees = any(level == "agree" for _, level in cmp.compare_identifiers(a, b))
        if identifier_agrees:
            return tuple(guards)
        if levels[ADDRESS] in ("area", "different", MISSING):
            guards.append(GUARD_NAMESAKE)
        if len(a.main_given) <= 1 or len(b.main_given) <= 1:
            guards.append(GUARD_NO_FIRST_NAME)
        if not cmp.given_names_compatible(a, b):
            family = levels[FAMILY] in ("exact", "variant", "partial", "typo", "phonetic")
            close_dob = levels[DOB] in ("exact", "swapped", "typo")
            household = levels[ADDRESS] in ("address", "postcode", "postcode_other_house", "line")
            if family and close_dob and household:
                guards.append(GUARD_TWIN)
            elif family and household:
                guards.append(GUARD_SIBLING)
            elif family and close_dob:
                guards.append(GUARD_RELATIVE)
            else:
                guards.append(GUARD_FIRST_NAME)
        return tuple(guards)

    def decide(self, score: Score) -> str:
        """The decision for a score (already in ``score.decision``); kept for symmetry with thresholds."""
        return score.decision

    def rank(
        self,
        query: PersonDescription | Normalised,
        candidates: Iterable[tuple[str, PersonDescription | Normalised]],
        limit: int = 10,
    ) -> list[tuple[str, Score]]:
        """Score ``(record_id, description)`` candidates against a query, best first, at most ``limit``.

        Applies two guards that need more than one candidate: when a candidate is at the described address with
        the same date of birth and family name but another first name (a twin or sibling), a "match" that does not
        share the address becomes "review"; when several candidates are decided "match" but are not themselves a
        match for each other, every one but a clear winner (5+ bits ahead) becomes "review".
        """
        q = normalise(query)
        weighed = []
        for rid, c in candidates:
            nc = normalise(c)
            weighed.append((-self.match_weight(q, nc), rid, nc))
        weighed.sort()  # by weight, then id (ids are unique, so the descriptions are never compared)
        # Full scores (evidence, guards) for the top ``limit`` and for anything that might be decided "match".
        upper = self._upper_weight
        full = [(rid, self.score(q, nc), nc) for w, rid, nc in weighed[:limit]]
        full += [(rid, self.score(q, nc), nc) for w, rid, nc in weighed[limit:] if -w >= upper]
        if any(GUARD_TWIN in s.guards for _, s, _ in full):
            # The description fits someone's twin at the described address; a match elsewhere rests on name and
            # date of birth alone and may be a namesake of that twin.
            full = [
                (rid, _with_guard(s, GUARD_HOUSEHOLD_ELSEWHERE), c)
                if s.decision == MATCH and _address_level(s) not in _NEAR_ADDRESS
                else (rid, s, c)
                for rid, s, c in full
            ]
        matches = [item for item in full if item[1].decision == MATCH]
        if len(matches) > 1:
            top_id, top_score, top_norm = matches[0]
            rivals = [item for item in matches[1:] if self.score(top_norm, item[2]).decision != MATCH]
            if rivals:
                downgraded = {rid for rid, _, _ in rivals}
                if top_score.match_weight - max(s.match_weight for _, s, _ in rivals) < 5.0:
                    downgraded.add(top_id)
                full = [(rid, _with_guard(s, GUARD_AMBIGUOUS) if rid in downgraded else s, c) for rid, s, c in full]
        return [(rid, s) for rid, s, _ in full[:limit]]

    def explain(self, score: Score) -> str:
        """One line: the evidence that moved the score, strongest first, then any guard."""
        parts = [e.text for e in sorted((e for e in score.evidence if e.level != MISSING), key=_strength)]
        text = "; ".join(parts) if parts else "nothing to compare"
        if score.guards:
            text += ". " + ". ".join(score.guards)
        return text

    # ------------------------------------------------------------------------------------------------ variants

    def _copy(self, **changes: Any) -> MatchModel:
        data = self._as_dict()
        data.update(changes)
        return MatchModel._from_dict(data)

    def with_prior(
        self, prior: float | None = None, *, register_size: int | None = None, share_known: float = 0.5
    ) -> MatchModel:
        """The same model with another prior: given directly, or for looking a query up in a register of
        ``register_size`` people when about ``share_known`` of queries are people already on it."""
        if prior is None:
            if not register_size:
                raise ValueError("give a prior or a register size")
            prior = min(0.5, share_known / register_size)
        return self._copy(prior=prior)

    def with_thresholds(self, *, upper: float | None = None, lower: float | None = None) -> MatchModel:
        return self._copy(
            upper_threshold=self.upper_threshold if upper is None else upper,
            lower_threshold=self.lower_threshold if lower is None else lower,
        )

    # ------------------------------------------------------------------------------------------------ JSON

    def _as_dict(self) -> dict[str, Any]:
        return {
            "format": MODEL_FORMAT,
            "description": self.description,
            "prior": self.prior,
            "upper_threshold": self.upper_threshold,
            "lower_threshold": self.lower_threshold,
            "fixed": sorted(self.fixed),
            "comparisons": {c: {lv: {"m": m, "u": u} for lv, (m, u) in self.params[c].items()} for c in COMPARISONS},
            "identifiers": {
                s: {lv: {"m": m, "u": u} for lv, (m, u) in levels.items()}
                for s, levels in sorted(self.identifier_params.items())
            },
            "household": {"m": self.household[0], "u": self.household[1]},
            "tf": {f: dict(sorted(self.tf[f].items())) for f in TF_FIELDS},
            "tf_floor": dict(sorted(self.tf_floor.items())),
        }

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> MatchModel:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"unsupported model format {data.get('format')!r}")
        return cls(
            params={c: {lv: (p["m"], p["u"]) for lv, p in levels.items()} for c, levels in data["comparisons"].items()},
            identifier_params={
                s: {lv: (p["m"], p["u"]) for lv, p in levels.items()} for s, levels in data["identifiers"].items()
            },
            prior=data["prior"],
            upper_threshold=data["upper_threshold"],
            lower_threshold=data["lower_threshold"],
            tf=data.get("tf"),
            tf_floor=data.get("tf_floor"),
            fixed=data.get("fixed", (NHS,)),
            description=data.get("description", ""),
            household=(data["household"]["m"], data["household"]["u"]) if "household" in data else DEFAULT_HOUSEHOLD,
        )

    def to_json(self) -> str:
        return json.dumps(self._as_dict(), indent=1, sort_keys=False)

    @classmethod
    def from_json(cls, s: str) -> MatchModel:
        return cls._from_dict(json.loads(s))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MatchModel) and self._as_dict() == other._as_dict()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return f"MatchModel(prior={self.prior:.3g}, upper={self.upper_threshold}, lower={self.lower_threshold})"

    @classmethod
    def default(cls) -> MatchModel:
        """The shipped model (``default_model.json``): hand-set m from domain knowledge, u for a local register,
        a term-frequency table of common UK names, and the prior for a register of about 100,000 people."""
        text = resources.files("tandem.people.matching").joinpath("default_model.json").read_text(encoding="utf-8")
        return cls.from_json(text)

    # ------------------------------------------------------------------------------------------------ learning

    def pair_vector(self, a: Normalised, b: Normalised) -> _Pair:
        if (b.given, b.family, b.dob, b.postcodes) < (a.given, a.family, a.dob, a.postcodes):
            a, b = b, a
        given, family = cmp.compare_names(a, b)
        levels = (cmp.compare_nhs(a, b), given, family, cmp.compare_dob(a, b), cmp.compare_address(a, b))
        return _Pair((*levels, cmp.compare_sex(a, b)), tuple(cmp.compare_identifiers(a, b)))

    def estimate(
        self,
        records: Sequence[PersonDescription | Normalised],
        *,
        other: Sequence[PersonDescription | Normalised] | None = None,
        max_pairs: int = 200_000,
        max_em_pairs: int = 200_000,
        em_iterations: int = 30,
        prior_strength: float = 40.0,
        tf_max_values: int = 20_000,
        estimate_prior: bool = True,
        seed: int = 0,
    ) -> MatchModel:
        """Unsupervised estimation (like Splink): term-frequency tables and u from the data, m by EM.

        * ``records`` alone: deduplication within one register; with ``other``: linking ``records`` to ``other``.
        * u: agreement among ``max_pairs`` random pairs (exact-agreement levels of names and dates are computed
          exactly from value frequencies instead).
        * m: expectation–maximisation in two sessions, as Splink does: pairs sharing a date of birth (learns the
          name, address, sex and identifier levels) and pairs sharing a name (learns the date-of-birth levels).
          Each m is smoothed towards this model's m with ``prior_strength`` pseudo-pairs, so a register with few
          duplicates keeps sensible values. Pairs the twins and siblings guard flags are left out of EM: their
          agreement on family name, date of birth and address is shared by relatives, not by one person.
        * the prior λ: expected matches (from EM) over all possible pairs.
        NHS-number parameters stay fixed (``fixed``); random pairs never share one, so they cannot be learned.
        """
        from tandem.people.matching.learning import estimate_model

        return estimate_model(
            self,
            [normalise(r) for r in records],
            [normalise(o) for o in other] if other is not None else None,
            max_pairs=max_pairs,
            max_em_pairs=max_em_pairs,
            em_iterations=em_iterations,
            prior_strength=prior_strength,
            tf_max_values=tf_max_values,
            estimate_prior=estimate_prior,
            rng=random.Random(seed),
        )

    def train(
        self,
        labelled_pairs: Iterable[tuple[PersonDescription | Normalised, PersonDescription | Normalised, bool]],
        *,
        prior_strength: float = 20.0,
    ) -> MatchModel:
        """Supervised refinement from practitioner-confirmed pairs: m of every non-fixed level is re-estimated from
        the confirmed matches, smoothed towards the current m with ``prior_strength`` pseudo-pairs. Confirmed
        non-matches are hard cases chosen by people, not random pairs, so they do not change u."""
        counts: dict[str, Counter[str]] = {c: Counter() for c in COMPARISONS}
        id_counts: dict[str, Counter[str]] = {}
        positives = 0
        for a, b, same in labelled_pairs:
            if not same:
                continue
            positives += 1
            vector = self.pair_vector(normalise(a), normalise(b))
            for name, level in zip(COMPARISONS, vector.levels, strict=True):
                counts[name][level] += 1
            for scheme, level in vector.identifiers:
                id_counts.setdefault(scheme, Counter())[level] += 1
        if not positives:
            return self
        params = {c: dict(levels) for c, levels in self.params.items()}
        for name in COMPARISONS:
            if name in self.fixed:
                continue
            params[name] = _smoothed_m(self.params[name], counts[name], prior_strength)
        id_params = {s: dict(levels) for s, levels in self.identifier_params.items()}
        for scheme, c in id_counts.items():
            base = id_params.get(scheme, id_params[IDENTIFIER_DEFAULT])
            id_params[scheme] = _smoothed_m(base, c, prior_strength)
        return MatchModel(
            params=params,
            identifier_params=id_params,
            prior=self.prior,
            upper_threshold=self.upper_threshold,
            lower_threshold=self.lower_threshold,
            tf=self.tf,
            tf_floor=self.tf_floor,
            fixed=self.fixed,
            description=(self.description + f"; trained on {positives} confirmed matches").lstrip("; "),
            household=self.household,
        )


def _smoothed_m(
    current: dict[str, tuple[float, float]], counts: Counter[str], strength: float
) -> dict[str, tuple[float, float]]:
    """m re-estimated from level counts among matches (missing excluded), with ``strength`` pseudo-counts."""
    total = sum(n for level, n in counts.items() if level != MISSING and level in current)
    out = {}
    for level, (m, u) in current.items():
        out[level] = ((counts.get(level, 0) + strength * m) / (total + strength), u)
    return out


@lru_cache(maxsize=4_096)
def _household_evidence(weight: float) -> FieldEvidence:
    return FieldEvidence(
        "household",
        "shared",
        weight,
        f"family name and address together: no more than living in the same household {weight:+.1f}",
    )


@lru_cache(maxsize=65_536)
def _evidence_for(name: str, level: str, weight: float) -> FieldEvidence:
    return _make_evidence(name, level, weight)


def _make_evidence(name: str, level: str, weight: float) -> FieldEvidence:
    label = cmp.LEVEL_LABELS[name][level]
    return FieldEvidence(name, level, weight, f"{cmp.FIELD_LABELS[name]}: {label} {weight:+.1f}")


_NEAR_ADDRESS = frozenset(("address", "postcode", "postcode_other_house", "line", "sector"))


def _address_level(score: Score) -> str:
    return next((e.level for e in score.evidence if e.field == ADDRESS), MISSING)


def _strength(e: FieldEvidence) -> float:
    return -abs(e.weight)


def _with_guard(score: Score, guard: str) -> Score:
    return Score(
        match_weight=score.match_weight,
        probability=score.probability,
        evidence=score.evidence,
        decision=REVIEW if score.decision == MATCH else score.decision,
        guards=(*score.guards, guard),
    )


__all__ = ["COMPARISONS", "IDENTIFIER_LEVELS", "MatchModel", "probability", "tf_key"]
