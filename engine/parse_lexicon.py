"""The free-text lexicon: `lexicon.toml` loaded once, checked against the vocabulary, compiled.

Phrases in the data are plain words. Each is split into words, run through the spelling and
rewrite tables exactly as a message is, stripped of filler words and stored as a tuple key, so
matching a message is a dictionary lookup per position and no pattern is ever built from data.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final, Literal

from engine.vocabulary import FieldName, ids

FINDING_FIELDS: Final[tuple[FieldName, ...]] = (
    "red_flags",
    "urinary",
    "spasm_locations",
    "triggers",
)
Role = Literal["negator", "uncertainty", "all_clear", "ignore"]
_ROLE_LISTS: Final[Mapping[str, Role]] = MappingProxyType(
    {
        "negators": "negator",
        "uncertainty": "uncertainty",
        "all_clear": "all_clear",
        "ignore": "ignore",
    }
)
_WORD_LISTS: Final[tuple[str, ...]] = (
    "fillers",
    "clause_breaks",
    "scope_enders",
    "and_words",
    "clause_starters",
    "standalone_glue",
)
_GRAMMAR_LISTS: Final[frozenset[str]] = frozenset({*_ROLE_LISTS, *_WORD_LISTS, "symptom_cues"})
CRISIS_IDS: Final[tuple[str, ...]] = ("suicidal_thoughts", "self_harm")
# What a concept pattern may say: a finding field, a possible red flag, a crisis id or a kind
# of health talk ("health.pain").
PATTERN_TARGETS: Final[frozenset[str]] = frozenset(
    {*FINDING_FIELDS, "possible", "crisis", "possible_crisis", "health"}
)
HEALTH_KINDS: Final[tuple[str, ...]] = (
    "body", "pain", "peeing", "bowels", "breathing", "speech", "sight", "fainting",
    "unwell", "worry",
)  # fmt: skip
_OPTIONAL_SECTIONS: Final[frozenset[str]] = frozenset(
    {
        "crisis",
        "possible_crisis",
        "health_talk",
        "concepts",
        "patterns",
        "message_patterns",
        "fuzzy",
        "plural",
        "counts",
    }
)
_SECTIONS: Final[frozenset[str]] = frozenset(
    {*FINDING_FIELDS, "possible_red_flags", "grammar", "spelling", "rewrite"}
)
# Data phrases are lower-case plain words: letters, digits, apostrophes and single spaces.
_PLAIN_PHRASE: Final = re.compile(r"[a-z0-9']+(?: [a-z0-9']+)*")
WORD: Final = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_DOUBLED: Final = re.compile(r"(.)\1+")

Phrase = tuple[str, ...]
_FUZZY_MIN: Final = 5  # shorter words are corrected only through [spelling]


@dataclass(frozen=True, slots=True)
class Sense:
    """What one phrase means: findings it states, red flags it may be, or a grammar role."""

    findings: tuple[tuple[FieldName, str], ...] = ()
    possible: tuple[str, ...] = ()
    role: Role | None = None
    cue: bool = False
    crisis: tuple[str, ...] = ()
    possible_crisis: tuple[str, ...] = ()
    health: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pattern:
    """Concepts that together, in one clause, say something: `target` is a finding field,
    "possible", "crisis", "possible_crisis" or "health"; `id` what they say."""

    concepts: frozenset[str]
    target: str
    id: str
    absent: frozenset[str] = frozenset()  # concepts that must not be said ("!limb")
    order: tuple[str, ...] = ()  # the concepts as the data lists them (explanations read so)


@dataclass(frozen=True, slots=True)
class Counts:
    """Whole numbers as concepts ("took 20 of my pills"): `levels` are (least count, concept),
    highest first; `words` are number words with their value; a number followed by one of
    `units` ("20 mg", "10 minutes") is a dose or a time, not a count."""

    levels: tuple[tuple[int, str], ...] = ()
    words: Mapping[str, int] = field(default_factory=dict)
    units: frozenset[str] = frozenset()

    def concept(self, word: str, following: str | None) -> str | None:
        """The count concept a word stands for, or None."""
        value = int(word) if word.isdigit() and len(word) < 7 else self.words.get(word)
        if value is None or following in self.units:
            return None
        return next((concept for least, concept in self.levels if value >= least), None)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled lexicon: phrase senses by word tuple, and the word tables."""

    senses: Mapping[Phrase, Sense]
    longest: int
    spelling: Mapping[str, str]
    rewrites: Mapping[Phrase, str]
    longest_rewrite: int
    known: frozenset[str]
    squashed: Mapping[str, str]
    fillers: frozenset[str]
    clause_breaks: frozenset[str]
    scope_enders: frozenset[str]
    and_words: frozenset[str]
    clause_starters: frozenset[str]
    standalone_glue: frozenset[str]
    patterns: tuple[Pattern, ...] = ()
    message_patterns: tuple[Pattern, ...] = ()
    # the words a misspelling may be corrected to, by first letter, sorted
    fuzzy_targets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sizes: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # lengths by first word
    # the words a rewrite form starts with
    rewrite_firsts: frozenset[str] = frozenset()
    counts: Counts = field(default_factory=Counts)


@dataclass(slots=True)
class _SenseDraft:
    findings: set[tuple[FieldName, str]] = field(default_factory=set)
    possible: set[str] = field(default_factory=set)
    roles: set[Role] = field(default_factory=set)
    cue: bool = False
    crisis: set[str] = field(default_factory=set)
    possible_crisis: set[str] = field(default_factory=set)
    health: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)


def squash(word: str) -> str:
    """The word with every run of a repeated letter cut to one ("bloood" -> "blod")."""
    return _DOUBLED.sub(r"\1", word)


def rewrite(
    words: Sequence[str],
    rewrites: Mapping[Phrase, str],
    longest: int,
    firsts: frozenset[str] | None = None,
) -> list[tuple[str, int]]:
    """Replace several-word forms by their canonical word, longest form first; each word out
    comes with the index of the first word it came from."""
    out: list[tuple[str, int]] = []
    # words that rewrite to nothing go first, so "can't really feel" meets "can't feel"
    if firsts is None or any(w in firsts and rewrites.get((w,)) == "" for w in words):
        kept = [(w, n) for n, w in enumerate(words) if rewrites.get((w,)) != ""]
        if len(kept) < len(words):
            sources = [n for _, n in kept]
            again = rewrite([w for w, _ in kept], rewrites, longest, firsts)
            return [(w, sources[n]) for w, n in again]
    i = 0
    while i < len(words):
        if firsts is not None and words[i] not in firsts:
            out.append((words[i], i))
            i += 1
            continue
        for size in range(min(longest, len(words) - i), 0, -1):
            canonical = rewrites.get(tuple(words[i : i + size]))
            if canonical is not None:
                if canonical:
                    out.append((canonical, i))
                i += size
                break
        else:
            out.append((words[i], i))
            i += 1
    return out


@cache
def lexicon() -> Lexicon:
    """The lexicon shipped with the package, loaded, checked and compiled once."""
    text = resources.files("engine.data").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return compile_lexicon(tomllib.loads(text))


def compile_lexicon(raw: Mapping[str, Any]) -> Lexicon:
    """Check raw lexicon data against the vocabulary and compile it; ValueError when wrong."""
    if not _SECTIONS <= set(raw) <= _SECTIONS | _OPTIONAL_SECTIONS:
        raise ValueError(
            f"lexicon.toml must have the sections {sorted(_SECTIONS)}"
            f" and may have {sorted(_OPTIONAL_SECTIONS)}"
        )
    grammar = _table(raw["grammar"], "grammar")
    if set(grammar) != _GRAMMAR_LISTS:
        raise ValueError(f"[grammar] must have exactly the lists {sorted(_GRAMMAR_LISTS)}")
    spelling = _spelling(_table(raw["spelling"], "spelling"))
    rewrites = _rewrites(_table(raw["rewrite"], "rewrite"), spelling)
    longest_rewrite = max((len(key) for key in rewrites), default=1)
    words = {name: frozenset(_single_words(grammar[name], name)) for name in _WORD_LISTS}
    fillers = words["fillers"]
    cues = frozenset(_single_words(grammar["symptom_cues"], "symptom_cues", multi=True))

    def key(phrase: str, where: str) -> Phrase:
        if not isinstance(phrase, str) or not _PLAIN_PHRASE.fullmatch(phrase):
            raise ValueError(f"{where}: {phrase!r} is not a phrase of plain lower-case words")
        canonical = [spelling.get(w, w) for w in WORD.findall(phrase)]
        kept = tuple(
            w for w, _ in rewrite(canonical, rewrites, longest_rewrite) if w not in fillers
        )
        if not kept:
            raise ValueError(f"{where}: {phrase!r} is nothing but filler words")
        return kept

    drafts: dict[Phrase, _SenseDraft] = {}
    for field_name in FINDING_FIELDS:
        known_ids = set(ids(field_name))
        for term_id, phrases in _table(raw[field_name], field_name).items():
            _check_id(term_id, known_ids, field_name)
            for phrase in _phrases(phrases, f"[{field_name}] {term_id}"):
                draft = drafts.setdefault(key(phrase, f"[{field_name}] {term_id}"), _SenseDraft())
                draft.findings.add((field_name, term_id))
    red_flags = set(ids("red_flags"))
    for term_id, phrases in _table(raw["possible_red_flags"], "possible_red_flags").items():
        _check_id(term_id, red_flags, "possible_red_flags")
        for phrase in _phrases(phrases, f"[possible_red_flags] {term_id}"):
            where = f"[possible_red_flags] {term_id}"
            drafts.setdefault(key(phrase, where), _SenseDraft()).possible.add(term_id)
    counts = _counts(raw.get("counts", {}))
    grammar_words = {
        *(w for name in ("scope_enders", "and_words", "clause_breaks") for w in words[name]),
        *(w for w in grammar["negators"] if " " not in w),
    }
    lone_grammar = _extra_senses(raw, drafts, key, frozenset(grammar_words))
    for list_name, role in _ROLE_LISTS.items():
        for phrase in _phrases(grammar[list_name], f"[grammar] {list_name}"):
            drafts.setdefault(key(phrase, f"[grammar] {list_name}"), _SenseDraft()).roles.add(role)
    _add_plurals(drafts, _plurals(raw.get("plural", {}), spelling))
    single_cues = {cue for cue in cues if " " not in cue}
    for cue in cues:
        drafts.setdefault(key(cue, "[grammar] symptom_cues"), _SenseDraft()).cue = True
    for phrase_key, draft in drafts.items():
        if any(f == "spasm_locations" for f, _ in draft.findings) and single_cues & set(phrase_key):
            draft.cue = True  # "charley horse", "bad back": the phrase carries its own cue
    clashes = sorted(" ".join(k) for k, d in drafts.items() if _clashes(d))
    if clashes:
        raise ValueError(f"lexicon phrases with clashing meanings: {clashes}")
    if lone_grammar:
        raise ValueError(f"concept or health-talk phrases that shrink to one word: {lone_grammar}")
    senses = {phrase_key: _sense(draft) for phrase_key, draft in drafts.items()}
    count_concepts = frozenset(concept for _, concept in counts.levels)
    patterns = _patterns(_table(raw.get("patterns", {}), "patterns"), drafts, count_concepts)
    message_patterns = _patterns(
        _table(raw.get("message_patterns", {}), "message_patterns"), drafts, count_concepts
    )
    known = frozenset(
        {w for phrase_key in senses for w in phrase_key}
        | {w for name in _WORD_LISTS for w in words[name]}
        | set(spelling.values())
    )
    return Lexicon(
        senses=MappingProxyType(senses),
        longest=max(len(k) for k in senses),
        spelling=MappingProxyType(spelling),
        rewrites=MappingProxyType(rewrites),
        longest_rewrite=longest_rewrite,
        known=known,
        squashed=MappingProxyType(_squash_index(known, spelling)),
        fillers=fillers,
        clause_breaks=words["clause_breaks"],
        scope_enders=words["scope_enders"],
        and_words=words["and_words"],
        clause_starters=words["clause_starters"],
        standalone_glue=words["standalone_glue"],
        patterns=patterns,
        message_patterns=message_patterns,
        sizes=MappingProxyType(_sizes(senses)),
        rewrite_firsts=frozenset(form[0] for form in rewrites),
        fuzzy_targets=_fuzzy_targets(raw.get("fuzzy", {}), senses, spelling),
        counts=counts,
    )


def _plurals(raw: Any, spelling: Mapping[str, str]) -> dict[str, str]:
    """`singular = "plural"`: plurals kept apart from their singular where the number matters
    ("my legs are swollen" is both legs, not the one swollen leg of a clot)."""
    plurals: dict[str, str] = {}
    for singular, plural in _table(raw, "plural").items():
        _single_words([singular, plural], "[plural]")
        if plural in spelling or singular == plural:
            raise ValueError(f"[plural] {plural!r} must be its own word, not a [spelling] variant")
        plurals[singular] = plural
    return plurals


def _add_plurals(drafts: dict[Phrase, _SenseDraft], plurals: Mapping[str, str]) -> None:
    """Every phrase with a singular also means the same with its plural ("leg gave way" and
    "legs gave way"), on top of what the plural phrase means by itself."""
    for phrase_key, draft in list(drafts.items()):
        if not any(word in plurals for word in phrase_key):
            continue
        plural_key = tuple(plurals.get(word, word) for word in phrase_key)
        into = drafts.setdefault(plural_key, _SenseDraft())
        into.findings |= draft.findings
        into.possible |= draft.possible
        into.roles |= draft.roles
        into.cue = into.cue or draft.cue
        into.crisis |= draft.crisis
        into.possible_crisis |= draft.possible_crisis
        into.health |= draft.health
        into.concepts |= draft.concepts


def _counts(raw: Any) -> Counts:
    """`[counts]`: `levels` (concept = least count), `words` (number word = value), `units`."""
    table = _table(raw, "counts")
    if not set(table) <= {"levels", "words", "units"}:
        raise ValueError("[counts] may have only levels, words and units")
    levels: list[tuple[int, str]] = []
    for concept, least in _table(table.get("levels", {}), "counts.levels").items():
        _single_words([concept.replace("_", "")], "[counts] levels")
        if not isinstance(least, int) or least < 1:
            raise ValueError(f"[counts] levels: {concept!r} needs a whole number above 0")
        levels.append((least, concept))
    words: dict[str, int] = {}
    for word, value in _table(table.get("words", {}), "counts.words").items():
        _single_words([word], "[counts] words")
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"[counts] words: {word!r} needs a whole number")
        words[word] = value
    units = frozenset(_single_words(_phrases(table.get("units", []), "[counts] units"), "[counts]"))
    return Counts(tuple(sorted(levels, reverse=True)), MappingProxyType(words), units)


def _extra_senses(
    raw: Mapping[str, Any],
    drafts: dict[Phrase, _SenseDraft],
    key: Callable[[str, str], Phrase],
    grammar_words: frozenset[str],
) -> list[str]:
    """Crisis phrases, health-talk words and concept words, merged into the phrase senses. A
    concept phrase may not be a lone grammar word ("right after" is "after" once fillers go),
    or the word would stop ending a negation's reach: such phrases are returned."""
    lone: list[str] = []
    for section in ("crisis", "possible_crisis"):
        for term_id, phrases in _table(raw.get(section, {}), section).items():
            _check_id(term_id, set(CRISIS_IDS), section)
            for phrase in _phrases(phrases, f"[{section}] {term_id}"):
                draft = drafts.setdefault(key(phrase, f"[{section}] {term_id}"), _SenseDraft())
                getattr(draft, section).add(term_id)
    for kind, phrases in _table(raw.get("health_talk", {}), "health_talk").items():
        _check_id(kind, set(HEALTH_KINDS), "health_talk")
        for phrase in _phrases(phrases, f"[health_talk] {kind}"):
            phrase_key = key(phrase, f"[health_talk] {kind}")
            if _shrunk(phrase, phrase_key, grammar_words):
                lone.append(f"[health_talk] {kind}: {phrase!r}")
            drafts.setdefault(phrase_key, _SenseDraft()).health.add(kind)
    for concept, phrases in _table(raw.get("concepts", {}), "concepts").items():
        _single_words([concept.replace("_", "")], "[concepts]")
        for phrase in _phrases(phrases, f"[concepts] {concept}"):
            phrase_key = key(phrase, f"[concepts] {concept}")
            if _shrunk(phrase, phrase_key, grammar_words):
                lone.append(f"[concepts] {concept}: {phrase!r}")
            draft = drafts.setdefault(phrase_key, _SenseDraft())
            draft.concepts.add(concept)
    return lone


def _shrunk(phrase: str, phrase_key: Phrase, grammar_words: frozenset[str]) -> bool:
    """Is a concept or health-talk phrase a lone grammar word, or several words that the
    fillers and rewrites shrink to one ("took a lot of" -> "took")? Either would match far
    more than it says."""
    if len(phrase_key) != 1:
        return False
    return phrase_key[0] in grammar_words or len(WORD.findall(phrase)) > 1


def _patterns(
    table: Mapping[str, Any],
    drafts: Mapping[Phrase, _SenseDraft],
    extra_concepts: frozenset[str] = frozenset(),
) -> tuple[Pattern, ...]:
    """`"target.id" = [[concept, ...], ...]`, checked: known targets, ids and concepts."""
    concepts = {c for draft in drafts.values() for c in draft.concepts} | extra_concepts
    known: dict[str, set[str]] = {name: set(ids(name)) for name in FINDING_FIELDS}
    known["possible"] = known["red_flags"]
    known["crisis"] = known["possible_crisis"] = set(CRISIS_IDS)
    known["health"] = set(HEALTH_KINDS)
    out: list[Pattern] = []
    for name, groups in table.items():
        target, _, term_id = name.partition(".")
        if target not in PATTERN_TARGETS:
            raise ValueError(f"[patterns] {name!r}: unknown target {target!r}")
        _check_id(term_id, known[target], f"patterns {target}")
        if not isinstance(groups, list):
            raise ValueError(f"[patterns] {name!r} must be a list of concept lists")
        for group in groups:
            listed = _phrases(group, f"[patterns] {name}")
            order = tuple(c for c in listed if not c.startswith("!"))
            members = frozenset(order)
            absent = frozenset(c[1:] for c in listed if c.startswith("!"))
            unknown = sorted((members | absent) - concepts)
            if not members or unknown:
                raise ValueError(f"[patterns] {name!r}: no concepts, or unknown ones {unknown}")
            out.append(Pattern(members, target, term_id, absent, order))
    return tuple(out)


def _fuzzy_targets(
    raw: Any, senses: Mapping[Phrase, Sense], spelling: Mapping[str, str]
) -> Mapping[str, tuple[str, ...]]:
    """The words a misspelling may be corrected to: every word of a phrase that means
    something, long enough to tell apart, minus the words listed as never-targets."""
    table = _table(raw, "fuzzy")
    never = set(_single_words(_phrases(table.get("never", []), "[fuzzy] never"), "[fuzzy]"))
    words = {w for phrase_key, sense in senses.items() if sense.role is None for w in phrase_key}
    words |= set(spelling.values()) | set(spelling)
    kept = sorted(w for w in words if len(w) >= _FUZZY_MIN and w.isalpha() and w not in never)
    by_letter: dict[str, list[str]] = {}
    for word in kept:
        by_letter.setdefault(word[0], []).append(word)
    return MappingProxyType({letter: tuple(found) for letter, found in by_letter.items()})


def _sizes(senses: Mapping[Phrase, Sense]) -> dict[str, tuple[int, ...]]:
    """For each word a phrase starts with, the lengths of those phrases, longest first."""
    sizes: dict[str, set[int]] = {}
    for phrase_key in senses:
        sizes.setdefault(phrase_key[0], set()).add(len(phrase_key))
    return {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()}


def _clashes(draft: _SenseDraft) -> bool:
    meaning = draft.findings or draft.possible or draft.crisis or draft.possible_crisis
    return len(draft.roles) > 1 or bool(draft.roles and meaning)


def _sense(draft: _SenseDraft) -> Sense:
    return Sense(
        findings=tuple(sorted(draft.findings)),
        possible=tuple(sorted(draft.possible)),
        role=next(iter(draft.roles), None),
        cue=draft.cue,
        crisis=tuple(sorted(draft.crisis)),
        possible_crisis=tuple(sorted(draft.possible_crisis)),
        health=tuple(sorted(draft.health)),
        concepts=tuple(sorted(draft.concepts)),
    )


def _squash_index(known: Iterable[str], spelling: Mapping[str, str]) -> dict[str, str]:
    """Known words by their squashed form, for misspellings with doubled letters; a squashed
    form two different words share is left out, so it can never pick the wrong one."""
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for word in [*known, *spelling]:
        canonical = spelling.get(word, word)
        squashed = squash(word)
        if len(squashed) < 3:
            continue
        if index.setdefault(squashed, canonical) != canonical:
            clashes.add(squashed)
    return {k: v for k, v in index.items() if k not in clashes}


def _spelling(table: Mapping[str, Any]) -> dict[str, str]:
    spelling: dict[str, str] = {}
    for canonical, variants in table.items():
        _single_words([canonical], "[spelling]")
        for variant in _single_words(_phrases(variants, f"[spelling] {canonical}"), "[spelling]"):
            if variant == canonical or spelling.setdefault(variant, canonical) != canonical:
                raise ValueError(f"[spelling] {variant!r} maps to more than one word")
    return spelling


def _rewrites(table: Mapping[str, Any], spelling: Mapping[str, str]) -> dict[Phrase, str]:
    rewrites: dict[Phrase, str] = {}
    for canonical, forms in table.items():
        if canonical:
            _single_words([canonical], "[rewrite]")
        for form in _phrases(forms, f"[rewrite] {canonical}"):
            if not _PLAIN_PHRASE.fullmatch(form):
                raise ValueError(f"[rewrite] {form!r} is not plain lower-case words")
            form_key = tuple(spelling.get(w, w) for w in WORD.findall(form))
            if rewrites.setdefault(form_key, canonical) != canonical:
                raise ValueError(f"[rewrite] {form!r} maps to more than one word")
    return rewrites


def _single_words(values: Sequence[Any], where: str, *, multi: bool = False) -> list[str]:
    out: list[str] = []
    for value in values:
        plain = isinstance(value, str) and _PLAIN_PHRASE.fullmatch(value)
        if not plain or (" " in value and not multi):
            raise ValueError(f"{where}: {value!r} must be one plain lower-case word")
        out.append(value)
    return out


def _phrases(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return list(value)


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"[{where}] must be a table")
    return value


def _check_id(term_id: str, known_ids: set[str], where: str) -> None:
    if term_id not in known_ids:
        raise ValueError(f"[{where}]: unknown id {term_id!r}")
