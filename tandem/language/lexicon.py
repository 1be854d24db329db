"""Load, validate and compile the language lexicon (`lexicon.toml`, or the file named by `TANDEM_LANGUAGE_LEXICON`).

The file format is described in `docs/language.md`. Loading validates everything a reviewer can get wrong and raises
`LexiconError` naming the entry (and the pattern or example) at fault, so a bad file fails at start-up, not on a
practitioner's save. Compiled lexicons are cached per path: restart the service to pick up an edited file.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from django.conf import settings

DEFAULT_PATH = Path(__file__).resolve().parent / "lexicon.toml"

#: Ages an entry's `ages` rows may name. Tandem records children and young people up to 25 (care leavers).
AGE_LIMIT = 25
#: The only named group a pattern may capture: the age of another person, mentioned in the text.
OTHER_AGE = "other_age"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MACRO = re.compile(r"\{([a-z_]+)\}")
_STRAIGHT_QUOTES = ("'", '"')
_ENTRY_KEYS = frozenset(
    {"id", "category", "patterns", "suggestion", "explanation", "source", "ages", "examples", "not_examples", "note"}
)
_AGE_KEYS = frozenset({"min", "max", "suggestion", "explanation"})


class LexiconError(ValueError):
    """The lexicon file cannot be used. `problems` lists every fault found, each naming its entry."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The language lexicon {path} has {len(problems)} problem(s):\n{listed}")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    year: str
    url: str


@dataclass(frozen=True)
class AgeRule:
    """Advice for children whose age is from `min_age` to `max_age` inclusive."""

    min_age: int
    max_age: int
    suggestion: str
    explanation: str

    def covers(self, age: int) -> bool:
        return self.min_age <= age <= self.max_age


@dataclass(frozen=True)
class Entry:
    id: str
    index: int
    category: str
    patterns: tuple[str, ...]
    compiled: tuple[re.Pattern[str], ...]
    suggestion: str
    explanation: str
    source: str
    ages: tuple[AgeRule, ...]
    examples: tuple[str, ...]
    not_examples: tuple[str, ...]

    def advice_for_age(self, child_age: int | None) -> tuple[str, str] | None:
        """(suggestion, explanation) for a child of this age, or None when the entry does not apply at that age.

        An entry without `ages` rows applies at every age. With rows, an unknown age gets the entry's own advice and
        a known age gets the advice of the row that covers it, or nothing when no row does.
        """
        if child_age is None or not self.ages:
            return self.suggestion, self.explanation
        for rule in self.ages:
            if rule.covers(child_age):
                return rule.suggestion, rule.explanation
        return None


#: A pattern of an entry, for the matcher.
Compiled = tuple[Entry, re.Pattern[str]]


@dataclass(frozen=True)
class Bucket:
    """The patterns whose matches can start with one prefix key, and one regex that fails fast where none match."""

    gate: re.Pattern[str]
    patterns: tuple[Compiled, ...]


@dataclass(frozen=True)
class Lexicon:
    path: Path
    name: str
    version: str
    reviewed_on: dt.date | None
    status: str
    adult_age: int
    older_gap: int
    categories: dict[str, str]
    sources: dict[str, Source]
    entries: tuple[Entry, ...]
    #: Patterns by the first two characters a match can start with (see `prefixes`), and the few patterns whose
    #: start is not known, which are searched in full.
    by_prefix: dict[str, Bucket] = field(default_factory=dict, compare=False, repr=False)
    searched_in_full: tuple[Compiled, ...] = field(default=(), compare=False, repr=False)

    def other_person_counts(self, other_age: int, child_age: int | None) -> bool:
        """The older-person rule for a match that captured another person's age (see docs/language.md).

        Without the child's age: flag when the other person is an adult. With it: flag a child (under `adult_age`)
        when the other person is an adult or at least `older_gap` years older; never flag for a young adult.
        """
        if child_age is None:
            return other_age >= self.adult_age
        if child_age >= self.adult_age:
            return False
        return other_age >= self.adult_age or other_age - child_age >= self.older_gap


def configured_path() -> Path:
    configured = getattr(settings, "TANDEM_LANGUAGE_LEXICON", None)
    return Path(configured) if configured else DEFAULT_PATH


def get_lexicon() -> Lexicon:
    """The lexicon named by settings, loaded and compiled once per path."""
    return load(configured_path())


@functools.lru_cache(maxsize=8)
def load(path: Path) -> Lexicon:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LexiconError(path, [f"the file does not exist ({error.strerror})"]) from error
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(path, [f"the file is not valid TOML: {error}"]) from error
    return build(raw, path=path)


def build(raw: dict[str, Any], *, path: Path) -> Lexicon:
    """Validate parsed TOML and compile it. Collects every problem before raising, so a reviewer sees them all."""
    problems: list[str] = []
    header = _table(raw.get("lexicon"), "[lexicon]", problems)
    name = _text(header.get("name"), "[lexicon] name", problems)
    version = str(header.get("version", ""))
    if not version:
        problems.append("[lexicon] version is missing")
    reviewed_on = header.get("reviewed_on")
    if reviewed_on is not None and not isinstance(reviewed_on, dt.date):
        problems.append("[lexicon] reviewed_on must be a date, like 2026-11-26")
        reviewed_on = None
    status = str(header.get("status", ""))
    adult_age = _age(header.get("adult_age", 18), "[lexicon] adult_age", problems)
    older_gap = header.get("older_gap", 3)
    if not isinstance(older_gap, int) or isinstance(older_gap, bool) or not 1 <= older_gap <= 10:
        problems.append("[lexicon] older_gap must be a whole number of years from 1 to 10")
        older_gap = 3

    categories: dict[str, str] = {}
    for key, label in _table(raw.get("categories"), "[categories]", problems).items():
        if not _ID.match(key):
            problems.append(f"category {key!r}: keys are lower-case words joined by hyphens")
        categories[key] = _text(label, f"category {key!r} label", problems)
    if not categories:
        problems.append("[categories] names no categories")

    sources: dict[str, Source] = {}
    for key, value in _table(raw.get("sources"), "[sources]", problems).items():
        where = f"source {key!r}"
        table = _table(value, where, problems)
        sources[key] = Source(
            key=key,
            title=_text(table.get("title"), f"{where} title", problems),
            publisher=_text(table.get("publisher"), f"{where} publisher", problems),
            year=str(table.get("year", "")),
            url=_url(table.get("url"), f"{where} url", problems),
        )

    macros = _table(raw.get("macros", {}), "[macros]", problems)
    for key, value in macros.items():
        if not re.fullmatch(r"[a-z_]+", key) or not isinstance(value, str) or not value:
            problems.append(f"macro {key!r}: names are lower-case letters and underscores, values non-empty text")

    entries: list[Entry] = []
    seen: set[str] = set()
    raw_entries = raw.get("entry")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append("the file has no [[entry]] tables")
        raw_entries = []
    for index, item in enumerate(raw_entries):
        entry = _entry(item, index, categories, sources, macros, seen, problems)
        if entry is not None:
            entries.append(entry)

    if problems:
        raise LexiconError(path, problems)
    by_prefix, searched_in_full = _index(entries)
    return Lexicon(
        path=path,
        name=name,
        version=version,
        reviewed_on=reviewed_on,
        status=status,
        adult_age=adult_age,
        older_gap=older_gap,
        categories=categories,
        sources=sources,
        entries=tuple(entries),
        by_prefix=by_prefix,
        searched_in_full=searched_in_full,
    )


def _index(entries: Iterable[Entry]) -> tuple[dict[str, Bucket], tuple[Compiled, ...]]:
    """Group patterns by the first two characters a match can start with, so the matcher tries only a few at each word.

    Each group's gate is all its patterns as one alternation (the age group made plain): one call that fails at most
    words, instead of one call per pattern. Where the gate matches, each pattern is tried in turn.
    """
    buckets: dict[str, list[Compiled]] = {}
    in_full: list[Compiled] = []
    for entry in entries:
        for pattern in entry.compiled:
            starts = prefixes(pattern)
            if starts is None:
                in_full.append((entry, pattern))
                continue
            for start in starts:
                buckets.setdefault(start, []).append((entry, pattern))
    indexed = {
        start: Bucket(
            gate=re.compile("|".join(f"(?:{p.pattern})" for _, p in ps).replace(f"(?P<{OTHER_AGE}>", "(?:"), re.I),
            patterns=tuple(ps),
        )
        for start, ps in buckets.items()
    }
    return indexed, tuple(in_full)


#: How many characters of a match the index keys on, and the most keys one pattern may have.
PREFIX = 2
_MAX_KEYS = 2000


def prefix_key(text: str, position: int) -> str:
    """The index key of the text at a position: two characters, lower case, any whitespace as a space."""
    key = text[position].lower()[:1]
    if position + 1 < len(text):
        following = text[position + 1]
        key += " " if following.isspace() else following.lower()[:1]
    return key


def prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every `prefix_key` a match of `pattern` can start with, or None when that cannot be worked out (the pattern is
    then searched in full). Works on the parsed pattern: literals, sets, groups, alternatives and repeats."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        found = _sequence(parsed)
    except Exception:  # any parser change in a future Python: fall back to a full search
        return None
    if found is None or any(len(key) < PREFIX for key in found):
        return None
    return frozenset(found)


def _join(heads: set[str], tails: set[str]) -> set[str] | None:
    joined = {head if len(head) >= PREFIX else (head + tail)[:PREFIX] for head in heads for tail in tails}
    return joined if len(joined) <= _MAX_KEYS else None


def _sequence(items: Any) -> set[str] | None:
    """The starts (up to PREFIX characters; shorter ones are whole matches) of a parsed sequence."""
    found: set[str] | None = {""}
    for op, av in items:
        if found is None or all(len(key) >= PREFIX for key in found):
            break
        part = _item(op, av)
        found = None if part is None else _join(found, part)
    return found


def _item(op: Any, av: Any) -> set[str] | None:
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}  # zero-width
    if op is sre.LITERAL:
        return {chr(av).lower()}
    if op is sre.IN:
        return _charset(av)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            part = _sequence(branch)
            if part is None:
                return None
            union |= part
        return union
    if op is sre.SUBPATTERN:
        return _sequence(av[3])
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, body = av
        once = _sequence(body)
        if once is None:
            return None
        result: set[str] = {""} if low == 0 else set()
        repeated: set[str] | None = {""}
        for count in range(1, min(high, max(low, PREFIX)) + 1):
            repeated = _join(repeated, once) if repeated is not None else None
            if repeated is None:
                return None
            if count >= low:
                result |= repeated
        return result
    return None


def _charset(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av).lower())
        elif op is sre.RANGE and av[1] - av[0] < 256:
            chars.update(chr(c).lower() for c in range(av[0], av[1] + 1))
        elif op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars.add(" ")  # prefix_key reads any whitespace as a space
        else:
            return None
    return chars


def _entry(
    item: Any,
    index: int,
    categories: dict[str, str],
    sources: dict[str, Source],
    macros: dict[str, Any],
    seen: set[str],
    problems: list[str],
) -> Entry | None:
    entry_id = item.get("id") if isinstance(item, dict) else None
    where = f"entry {entry_id!r} (number {index + 1})" if entry_id else f"entry number {index + 1}"
    if not isinstance(item, dict):
        problems.append(f"{where} is not a table")
        return None
    before = len(problems)
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        problems.append(f"{where}: id must be lower-case words joined by hyphens, like 'putting-self-at-risk'")
    elif entry_id in seen:
        problems.append(f"{where}: another entry already has this id")
    else:
        seen.add(entry_id)
    unknown = sorted(set(item) - _ENTRY_KEYS)
    if unknown:
        problems.append(f"{where}: unknown keys {', '.join(unknown)}")
    category = item.get("category")
    if category not in categories:
        problems.append(f"{where}: category {category!r} is not listed in [categories]")
    source = item.get("source")
    if source not in sources:
        problems.append(f"{where}: source {source!r} is not listed in [sources]")
    suggestion = _text(item.get("suggestion"), f"{where} suggestion", problems)
    explanation = _text(item.get("explanation"), f"{where} explanation", problems)

    patterns = item.get("patterns")
    compiled: list[re.Pattern[str]] = []
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        problems.append(f"{where}: patterns must be a list of at least one non-empty pattern")
        patterns = []
    for number, pattern in enumerate(patterns, start=1):
        try:
            compiled.append(compile_pattern(pattern, macros))
        except ValueError as error:
            problems.append(f"{where}: pattern {number} {pattern!r}: {error}")

    ages = _ages(item.get("ages", []), where, problems)
    examples = _strings(item.get("examples"), f"{where} examples", problems, required=True)
    not_examples = _strings(item.get("not_examples", []), f"{where} not_examples", problems, required=False)
    if len(problems) == before:
        for example in examples:
            if not any(rx.search(example) for rx in compiled):
                problems.append(f"{where}: example {example!r} is not matched by any of its patterns")
        for example in not_examples:
            if any(rx.search(example) for rx in compiled):
                problems.append(f"{where}: not_example {example!r} is matched by one of its patterns")
    if len(problems) != before:
        return None
    return Entry(
        id=str(entry_id),
        index=index,
        category=str(category),
        patterns=tuple(patterns),
        compiled=tuple(compiled),
        suggestion=suggestion,
        explanation=explanation,
        source=str(source),
        ages=ages,
        examples=examples,
        not_examples=not_examples,
    )


def expand_macros(pattern: str, macros: dict[str, Any]) -> str:
    """Replace `{name}` with the macro's value (wrapped in a group), recursively. Quantifiers like {1,2} are left."""
    for _ in range(10):
        names = _MACRO.findall(pattern)
        if not names:
            return pattern
        for name in names:
            if name not in macros:
                raise ValueError(f"unknown macro {{{name}}}")
        pattern = _MACRO.sub(lambda m: f"(?:{macros[m.group(1)]})", pattern)
    raise ValueError("macros refer to each other in a loop")


def flexible_spaces(pattern: str) -> str:
    """Let each literal space match any run of whitespace (line breaks, double spaces); inside [...] too."""
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
            out.append(char)
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        elif char == " ":
            out.append(r"\s" if in_class else r"\s+")
        else:
            out.append(char)
    return "".join(out)


def compile_pattern(pattern: str, macros: dict[str, Any]) -> re.Pattern[str]:
    """Expand macros, relax spaces and anchor at word edges: no letter, digit, underscore or hyphen either side."""
    body = flexible_spaces(expand_macros(pattern, macros))
    try:
        compiled = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"is not a valid regular expression ({error})") from error
    extra_groups = set(compiled.groupindex) - {OTHER_AGE}
    if extra_groups:
        raise ValueError(f"names groups {sorted(extra_groups)}; only (?P<{OTHER_AGE}>...) is allowed")
    if compiled.search("") is not None:
        raise ValueError("matches empty text")
    return compiled


def _table(value: Any, where: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.append(f"{where} is missing or is not a table")
        return {}
    return value


def _text(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where} is missing or empty")
        return ""
    if any(q in value for q in _STRAIGHT_QUOTES):
        problems.append(f"{where} has a straight quote: use ‘ ’ or “ ” (pages refuse straight quotes)")
    return value.strip()


def _url(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        problems.append(f"{where} must be a web address starting https:// or http://")
        return ""
    return value


def _age(value: Any, where: str, problems: list[str]) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= AGE_LIMIT:
        problems.append(f"{where} must be a whole number from 0 to {AGE_LIMIT}")
        return 0
    return value


def _strings(value: Any, where: str, problems: list[str], *, required: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where} must be a list of non-empty texts")
        return ()
    if required and not value:
        problems.append(f"{where} must have at least one example")
    return tuple(value)


def _ages(value: Any, where: str, problems: list[str]) -> tuple[AgeRule, ...]:
    if not isinstance(value, list):
        problems.append(f"{where}: ages must be a list of [[entry.ages]] tables")
        return ()
    rules: list[AgeRule] = []
    for number, row in enumerate(value, start=1):
        row_where = f"{where} ages row {number}"
        if not isinstance(row, dict):
            problems.append(f"{row_where} is not a table")
            continue
        unknown = sorted(set(row) - _AGE_KEYS)
        if unknown:
            problems.append(f"{row_where}: unknown keys {', '.join(unknown)}")
        low = _age(row.get("min", 0), f"{row_where} min", problems)
        high = _age(row.get("max", AGE_LIMIT), f"{row_where} max", problems)
        if low > high:
            problems.append(f"{row_where}: min {low} is more than max {high}")
        rule = AgeRule(
            min_age=low,
            max_age=high,
            suggestion=_text(row.get("suggestion"), f"{row_where} suggestion", problems),
            explanation=_text(row.get("explanation"), f"{row_where} explanation", problems),
        )
        for other in rules:
            if rule.min_age <= other.max_age and other.min_age <= rule.max_age:
                problems.append(f"{row_where}: ages {low}–{high} overlap another row ({other.min_age}–{other.max_age})")
        rules.append(rule)
    return tuple(rules)
