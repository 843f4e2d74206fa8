"""A message cut into clauses of canonical words: the first step of reading free text.

Clauses end at punctuation (. , ; : ! ? brackets, quotes, a dash between spaces, a new line)
and at the contrastive words of the lexicon ("but", "however", "although", "though", "yet",
"except", "apart from"...). A negation never reaches past the end of its clause.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from rapidfuzz.distance import Levenshtein

from engine.parse_lexicon import WORD, Lexicon, lexicon, rewrite, squash


@dataclass(frozen=True, slots=True)
class Piece:
    """One clause's canonical words (fillers kept), each word as written (`surface`), and
    whether a comma starts it."""

    words: tuple[str, ...]
    surface: tuple[str, ...]
    after_comma: bool
    sentence: int = 0  # which sentence of the message (. ! ? ; or a new line end one)


_APOSTROPHES: Final = str.maketrans(dict.fromkeys("’‘`´ʼ′‛", "'"))
_CLAUSE_END: Final = re.compile(r"""([.,;:!?()\[\]{}"“”«»…\n\r\t|]+|\s[-–—]+\s|[–—]+)""")
_SENTENCE_END: Final = re.compile(r"[.;!?\n\r]")
_SYMBOL_WORDS: Final = (("&", " and "), ("/", " or "), ("+", " plus "))
_REPEATS_TO_TWO: Final = re.compile(r"(.)\1{2,}")
_HAS_DOUBLE: Final = re.compile(r"(.)\1")
_FUZZY_MIN: Final = 5  # shorter words are corrected only through the lexicon's [spelling]
_TWO_EDITS_FROM: Final = 9  # words this long may be two edits away
# A word at least this common in English (2.5 on wordfreq's Zipf scale: about 3 in every
# ten million words) is taken as meant, never corrected ("fewer" is not "fever").
_ENGLISH_FREQUENCY: Final = 10 ** (2.5 - 9)


def normalise(text: str) -> str:
    """Compatibility-normalised, case-folded text with plain apostrophes."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)


def clauses(text: str) -> list[Piece]:
    """The message's clauses in order, each with its canonical words."""
    lex = lexicon()
    flat = normalise(text)
    for symbol, word in _SYMBOL_WORDS:
        flat = flat.replace(symbol, word)
    out: list[Piece] = []
    parts = _CLAUSE_END.split(flat)
    sentence = 0
    for n in range(0, len(parts), 2):
        after_comma = n > 0 and parts[n - 1].strip() == ","
        if n > 0 and _SENTENCE_END.search(parts[n - 1]):
            sentence += 1
        written = WORD.findall(parts[n])
        words = [canonical_word(w) for w in written]
        current: list[tuple[str, int]] = []
        for word, source in rewrite(words, lex.rewrites, lex.longest_rewrite, lex.rewrite_firsts):
            if word in lex.clause_breaks:
                if current:
                    out.append(_piece(current, written, after_comma, sentence))
                current, after_comma = [], False
            else:
                current.append((word, source))
        if current:
            out.append(_piece(current, written, after_comma, sentence))
    return out


def _piece(
    words: list[tuple[str, int]], written: list[str], after_comma: bool, sentence: int
) -> Piece:
    return Piece(
        words=tuple(word for word, _ in words),
        surface=tuple(written[source] for _, source in words),
        after_comma=after_comma,
        sentence=sentence,
    )


@lru_cache(maxsize=8192)
def canonical_word(word: str) -> str:
    """The lexicon's spelling of a word: a known variant, or a repair of repeated letters,
    a dropped final g ("crampin") or a possessive 's; the word itself when nothing fits."""
    lex = lexicon()
    found = _known(word, lex)
    if found is not None:
        return found
    candidates = [_REPEATS_TO_TWO.sub(r"\1\1", word), _REPEATS_TO_TWO.sub(r"\1", word)]
    if word.endswith("'s"):
        candidates.append(word[:-2])
    if word.endswith("in"):
        candidates.append(word + "g")
    for candidate in candidates:
        found = _known(candidate, lex)
        if found is not None:
            return found
    if len(word) >= 4 and _HAS_DOUBLE.search(word):
        found = lex.squashed.get(squash(word))
        if found is not None:
            return found
    return _closest(word, lex)


def _closest(word: str, lex: Lexicon) -> str:
    """A misspelling's nearest lexicon word: only for a word that is not itself English (by
    wordfreq's frequency list), at most one edit away (two for long words), with the same
    first letter; ties go to the alphabetically first, so the answer never varies."""
    if len(word) < _FUZZY_MIN or not word.isalpha() or not word.isascii() or _is_english(word):
        return word
    limit = 1 if len(word) < _TWO_EDITS_FROM else 2
    best: tuple[int, str] | None = None
    for target in lex.fuzzy_targets.get(word[0], ()):
        if abs(len(target) - len(word)) > limit:
            continue
        distance = Levenshtein.distance(word, target, score_cutoff=limit)
        if distance <= limit and (best is None or (distance, target) < best):
            best = (distance, target)
    if best is None:
        return word
    return lex.spelling.get(best[1], best[1])


def _is_english(word: str) -> bool:
    return _english_frequencies().get(word, 0.0) >= _ENGLISH_FREQUENCY


@cache
def _english_frequencies() -> dict[str, float]:
    """wordfreq's English word frequencies, loaded on the first unknown word (not at import):
    one dictionary lookup per word, where its `zipf_frequency` would tokenise each time."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def _known(word: str, lex: Lexicon) -> str | None:
    if word in lex.spelling:
        return lex.spelling[word]
    return word if word in lex.known else None
