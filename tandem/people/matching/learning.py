"""Unsupervised estimation for ``MatchModel.estimate``: term frequencies, u from random pairs, m by EM."""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tandem.people.matching import comparisons as cmp
from tandem.people.matching.comparisons import ADDRESS, DOB, FAMILY, GIVEN, IDENTIFIER_LEVELS, LEVELS, MISSING
from tandem.people.matching.nicknames import family_key
from tandem.people.matching.normalise import Normalised

if TYPE_CHECKING:
    from tandem.people.matching.model import MatchModel, _Pair

_Params = dict[str, dict[str, tuple[float, float]]]


def _has(field: str, n: Normalised) -> bool:
    if field == GIVEN:
        return bool(n.given)
    if field == FAMILY:
        return bool(n.family)
    return bool(n.dob) and n.dob_precision == "d"


def _exact_value(field: str, n: Normalised) -> str:
    if field == GIVEN:
        return n.given[0]
    if field == FAMILY:
        return n.family[0]
    return str(n.dob)


def _agreement(left: Counter[Any], right: Counter[Any] | None) -> float:
    """Probability that a random pair agrees exactly, from value counts (right=None: pairs within ``left``)."""
    if right is None:
        total = sum(left.values())
        if total < 2:
            return 0.0
        return sum(c * (c - 1) for c in left.values()) / (total * (total - 1))
    total_l, total_r = sum(left.values()), sum(right.values())
    if not total_l or not total_r:
        return 0.0
    return sum(c * right.get(v, 0) for v, c in left.items()) / (total_l * total_r)


def _random_pairs(
    left: Sequence[Normalised], right: Sequence[Normalised] | None, count: int, rng: random.Random
) -> list[tuple[Normalised, Normalised]]:
    pairs = []
    if right is None:
        n = len(left)
        if n < 2:
            return []
        for _ in range(count):
            i = rng.randrange(n)
            j = rng.randrange(n - 1)
            if j >= i:
                j += 1
            pairs.append((left[i], left[j]))
        return pairs
    if not left or not right:
        return []
    return [(left[rng.randrange(len(left))], right[rng.randrange(len(right))]) for _ in range(count)]


def _blocked_pairs(
    left: Sequence[Normalised],
    right: Sequence[Normalised] | None,
    key: Callable[[Normalised], str | None],
    limit: int,
    rng: random.Random,
) -> tuple[list[tuple[Normalised, Normalised]], int]:
    """Pairs sharing ``key`` (all of them, or ``limit`` sampled), and how many there are in all."""
    blocks_l: dict[str, list[Normalised]] = defaultdict(list)
    for n in left:
        k = key(n)
        if k is not None:
            blocks_l[k].append(n)
    blocks: list[tuple[list[Normalised], list[Normalised] | None]]
    if right is None:
        blocks = [(members, None) for members in blocks_l.values() if len(members) > 1]
        sizes = [len(m) * (len(m) - 1) // 2 for m in blocks_l.values() if len(m) > 1]
    else:
        blocks_r: dict[str, list[Normalised]] = defaultdict(list)
        for n in right:
            k = key(n)
            if k is not None and k in blocks_l:
                blocks_r[k].append(n)
        blocks = [(blocks_l[k], members) for k, members in blocks_r.items()]
        sizes = [len(blocks_l[k]) * len(members) for k, members in blocks_r.items()]
    total = sum(sizes)
    pairs: list[tuple[Normalised, Normalised]] = []
    if total <= limit:
        for a_members, b_members in blocks:
            if b_members is None:
                for i, x in enumerate(a_members):
                    for y in a_members[i + 1 :]:
                        pairs.append((x, y))
            else:
                for x in a_members:
                    for y in b_members:
                        pairs.append((x, y))
        return pairs, total
    cumulative = []
    running = 0
    for s in sizes:
        running += s
        cumulative.append(running)
    for _ in range(limit):
        b = bisect.bisect_right(cumulative, rng.randrange(total))
        a_members, b_members = blocks[b]
        if b_members is None:
            i, j = rng.sample(range(len(a_members)), 2)
            pairs.append((a_members[i], a_members[j]))
        else:
            pairs.append((rng.choice(a_members), rng.choice(b_members)))
    return pairs, total


def _dob_key(n: Normalised) -> str | None:
    return str(n.dob) if n.dob and n.dob_precision == "d" else None


def _name_key(n: Normalised) -> str | None:
    from tandem.people.matching.model import tf_key

    if not n.given or not n.family:
        return None
    return f"{tf_key(GIVEN, n)}|{tf_key(FAMILY, n)}"


def _twin_like(a: Normalised, b: Normalised) -> bool:
    return not cmp.given_names_compatible(a, b) and cmp.family_names_related(a, b) and cmp.same_household(a, b)


def _em(
    model: MatchModel,
    vectors: list[_Pair],
    *,
    use: Sequence[str],
    estimate: Sequence[str],
    iterations: int,
    strength: float,
    id_params: _Params,
) -> tuple[_Params, _Params, float, float]:
    """EM for one session: returns (m per estimated comparison, m per identifier scheme, λ in the session, expected
    matches). u stays fixed. ``use`` are the comparisons whose evidence counts."""
    from tandem.people.matching.model import COMPARISONS

    positions = {name: COMPARISONS.index(name) for name in COMPARISONS}
    params = {name: dict(model.params[name]) for name in COMPARISONS}
    ids = {s: dict(levels) for s, levels in id_params.items()}
    default_ids = ids["*"]
    if not vectors:
        return {}, {}, 0.0, 0.0

    def weight(name: str, level: str) -> float:
        m, u = params[name][level]
        return math.log2(max(m, 1e-9)) - math.log2(max(u, 1e-12))

    def id_weight(scheme: str, level: str) -> float:
        m, u = ids.get(scheme, default_ids)[level]
        return math.log2(max(m, 1e-9)) - math.log2(max(u, 1e-12))

    # Initial λ: the share of pairs the current model already thinks likely.
    lam = 0.5
    posteriors = [0.0] * len(vectors)
    expected = 0.0
    for _ in range(iterations):
        prior = math.log2(lam) - math.log2(1 - lam)
        for i, v in enumerate(vectors):
            w = prior
            for name in use:
                level = v.levels[positions[name]]
                if level != MISSING:
                    w += weight(name, level)
            for scheme, level in v.identifiers:
                w += id_weight(scheme, level)
            posteriors[i] = 1.0 / (1.0 + 2.0 ** (-w)) if w > -60 else 0.0
        expected = sum(posteriors)
        new_lam = min(max(expected / len(vectors), 1e-6), 1 - 1e-6)
        changed = abs(new_lam - lam)
        lam = new_lam
        for name in estimate:
            counts: dict[str, float] = defaultdict(float)
            for p, v in zip(posteriors, vectors, strict=True):
                level = v.levels[positions[name]]
                if level != MISSING:
                    counts[level] += p
            total = sum(counts.values())
            old = model.params[name]
            new = {
                level: ((counts.get(level, 0.0) + strength * m0) / (total + strength), params[name][level][1])
                for level, (m0, _) in old.items()
            }
            changed = max(changed, max(abs(new[lv][0] - params[name][lv][0]) for lv in new))
            params[name] = new
        id_counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for p, v in zip(posteriors, vectors, strict=True):
            for scheme, level in v.identifiers:
                id_counts[scheme][level] += p
        for scheme, counts in id_counts.items():
            base = id_params.get(scheme, id_params["*"])
            total = sum(counts.values())
            ids[scheme] = {
                level: ((counts.get(level, 0.0) + strength * m0) / (total + strength), ids.get(scheme, base)[level][1])
                for level, (m0, _) in base.items()
            }
        if changed < 1e-5:
            break
    return {name: params[name] for name in estimate}, ids, lam, expected


# Disagreement may never count in favour: the most a "different" level may weigh, in bits. Names, dates and sex
# disagreeing is evidence against; a different area only fails to be evidence for (a register of one area sees
# few random pairs from different areas, so the data alone can make moving far look like agreement).
_CEILINGS = {"given": {"different": -1.0}, "family": {"different": -1.0}, "dob": {"different": -1.0},
             "sex": {"different": -1.0}, "address": {"different": 0.0, "area": 0.0}}  # fmt: skip


def _monotone(name: str, params: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Cap the weight of disagreement levels (``_CEILINGS``), then renormalise m."""
    capped = dict(params)
    changed = False
    for level, ceiling in _CEILINGS.get(name, {}).items():
        m, u = capped[level]
        if m > u * 2.0**ceiling:
            capped[level] = (u * 2.0**ceiling, u)
            changed = True
    if not changed:
        return params
    total = sum(m for m, _ in capped.values())
    return {level: (m / total, u) for level, (m, u) in capped.items()}


def estimate_model(
    model: MatchModel,
    records: list[Normalised],
    others: list[Normalised] | None,
    *,
    max_pairs: int,
    max_em_pairs: int,
    em_iterations: int,
    prior_strength: float,
    tf_max_values: int,
    estimate_prior: bool,
    rng: random.Random,
) -> MatchModel:
    from tandem.people.matching.model import COMPARISONS, TF_FIELDS, MatchModel, tf_key

    everyone = records + (others or [])
    # 1. Term frequencies.
    tf: dict[str, dict[str, float]] = {}
    tf_floor: dict[str, float] = {}
    for field in TF_FIELDS:
        counter = Counter(tf_key(field, n) for n in everyone if _has(field, n))
        total = sum(counter.values())
        if not total:
            continue
        kept = counter.most_common(tf_max_values)
        tf[field] = {k: float(f"{c / total:.4g}") for k, c in kept}
        tf_floor[field] = kept[-1][1] / total if len(kept) < len(counter) else 1.0 / total

    # 2. u from random pairs, exact agreement from value frequencies.
    params: _Params = {name: dict(model.params[name]) for name in COMPARISONS}
    id_params: _Params = {s: dict(levels) for s, levels in model.identifier_params.items()}
    sample = _random_pairs(records, others, max_pairs, rng)
    vectors = [model.pair_vector(a, b) for a, b in sample]
    for position, name in enumerate(COMPARISONS):
        if name in model.fixed:
            continue
        counts = Counter(v.levels[position] for v in vectors)
        counts.pop(MISSING, None)
        n = sum(counts.values())
        u = {level: (counts.get(level, 0) + u0) / (n + 1.0) for level, (_, u0) in params[name].items()}
        if name in TF_FIELDS:
            left = Counter(_exact_value(name, r) for r in records if _has(name, r))
            right = Counter(_exact_value(name, r) for r in others if _has(name, r)) if others is not None else None
            exact = _agreement(left, right)
            if exact > 0:
                u["exact"] = exact
        total_u = sum(u.values())
        params[name] = {level: (m, u[level] / total_u) for level, (m, _) in params[name].items()}
    schemes = {s for r in everyone for s, _ in r.identifiers}
    for scheme in schemes:
        left = Counter(v for r in records for s, v in r.identifiers if s == scheme)
        right = Counter(v for r in others for s, v in r.identifiers if s == scheme) if others is not None else None
        agree = _agreement(left, right)
        base = id_params.get(scheme, id_params["*"])
        near_u = base["near"][1]
        agree_u = max(agree, 1e-9)
        id_params[scheme] = {
            "agree": (base["agree"][0], agree_u),
            "near": (base["near"][0], near_u),
            "different": (base["different"][0], max(1e-6, 1.0 - agree_u - near_u)),
        }
    staged = MatchModel(
        params=params,
        identifier_params=id_params,
        prior=model.prior,
        upper_threshold=model.upper_threshold,
        lower_threshold=model.lower_threshold,
        tf=tf,
        tf_floor=tf_floor,
        fixed=model.fixed,
        description=model.description,
        household=model.household,
    )

    # 3. m by EM, in two sessions.
    trainable = [name for name in COMPARISONS if name not in model.fixed]
    pairs_a, total_a = _blocked_pairs(records, others, _dob_key, max_em_pairs, rng)
    pairs_a = [(a, b) for a, b in pairs_a if not _twin_like(a, b)]
    vec_a = [staged.pair_vector(a, b) for a, b in pairs_a]
    use_a = [name for name in COMPARISONS if name != DOB]
    m_a, ids_a, _, expected_a = _em(
        staged,
        vec_a,
        use=use_a,
        estimate=[n for n in use_a if n in trainable],
        iterations=em_iterations,
        strength=prior_strength,
        id_params=id_params,
    )
    pairs_b, total_b = _blocked_pairs(records, others, _name_key, max_em_pairs, rng)
    vec_b = [staged.pair_vector(a, b) for a, b in pairs_b]
    use_b = [name for name in COMPARISONS if name not in (GIVEN, FAMILY)]
    m_b, ids_b, _, expected_b = _em(
        staged,
        vec_b,
        use=use_b,
        estimate=[n for n in use_b if n in trainable],
        iterations=em_iterations,
        strength=prior_strength,
        id_params=id_params,
    )
    final: _Params = {name: dict(staged.params[name]) for name in COMPARISONS}
    for name in trainable:
        sources = [(m, expected_a) for m in (m_a.get(name),) if m] + [(m, expected_b) for m in (m_b.get(name),) if m]
        weight_total = sum(w for _, w in sources)
        if not sources or weight_total <= 0:
            continue
        final[name] = {
            level: (sum(m[level][0] * w for m, w in sources) / weight_total, u)
            for level, (_, u) in staged.params[name].items()
        }
        final[name] = _monotone(name, final[name])
    final_ids: _Params = {s: dict(levels) for s, levels in id_params.items()}
    for scheme in set(ids_a) | set(ids_b):
        sources_ids = [(ids[scheme], w) for ids, w in ((ids_a, expected_a), (ids_b, expected_b)) if scheme in ids]
        weight_total = sum(w for _, w in sources_ids)
        if weight_total <= 0:
            continue
        base = id_params.get(scheme, id_params["*"])
        final_ids[scheme] = {
            level: (sum(p[level][0] * w for p, w in sources_ids) / weight_total, base[level][1])
            for level in IDENTIFIER_LEVELS
        }

    # 4. The prior: expected matches over all possible pairs.
    prior = model.prior
    if estimate_prior:
        n_left = len(records)
        n_right = len(others) if others is not None else None
        all_pairs = n_left * n_right if n_right is not None else n_left * (n_left - 1) / 2
        estimates = []
        if expected_a > 0 and pairs_a:
            share_dob_l = sum(1 for r in records if _dob_key(r)) / max(1, n_left)
            share_dob_r = (
                sum(1 for r in others if _dob_key(r)) / max(1, len(others)) if others is not None else share_dob_l
            )
            recall = final[DOB]["exact"][0] * share_dob_l * share_dob_r
            scale = total_a / max(1, len(vec_a))
            if recall > 0:
                estimates.append(expected_a * scale / recall)
        if expected_b > 0 and vec_b:
            recall_b = (final[GIVEN]["exact"][0] + final[GIVEN]["variant"][0]) * (
                final[FAMILY]["exact"][0] + final[FAMILY]["variant"][0]
            )
            scale = total_b / max(1, len(vec_b))
            if recall_b > 0:
                estimates.append(expected_b * scale / recall_b)
        if estimates and all_pairs > 0:
            matches = math.exp(sum(math.log(max(e, 1e-9)) for e in estimates) / len(estimates))
            prior = min(0.5, max(1e-10, matches / all_pairs))

    # 5. Households: how often two people on the register share a family name and an address (the postcode and the
    # first address line; the postcode alone when there is no line).
    register = others if others is not None else records
    households = Counter(
        (
            family_key(r.family[0]),
            r.postcode_parts[0][0],
            (tuple(sorted(r.addresses[0][0])), r.addresses[0][1]) if r.addresses else None,
        )
        for r in register
        if r.family and r.postcodes and r.postcode_parts[0][0]
    )
    n_register = sum(households.values())
    shared = max(_agreement(households, None), 1.0 / max(2, n_register * (n_register - 1)))
    m_household = final[FAMILY]["exact"][0] * (final[ADDRESS]["address"][0] + final[ADDRESS]["postcode"][0])
    household = (m_household, shared) if n_register > 1 else model.household

    return MatchModel(
        params=final,
        identifier_params=final_ids,
        prior=prior,
        upper_threshold=model.upper_threshold,
        lower_threshold=model.lower_threshold,
        tf=tf,
        tf_floor=tf_floor,
        fixed=model.fixed,
        description=f"estimated from {len(everyone)} records ({'link' if others is not None else 'dedupe'})",
        household=household,
    )


__all__ = ["LEVELS", "estimate_model"]
