"""A message cut into clauses of canonical words: the first step of reading free text.

Clauses end at punctuation (. , ; : ! ? brackets, quotes, a dash between spaces, a new line)
and at the contrastive words of the lexicon ("but", "however", "although", "though", "yet",
"except", "apart from"...). A negation never reaches past the end of its clause.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from engine.parse_fuzzy import closest_word
from engine.parse_lexicon import WORD, Lexicon, lexicon, rewrite, squash


@dataclass(frozen=True, slots=True)
class Piece:
    """One clause's canonical words (fillers kept), each word as written (`surface`: the first
    word of a rewritten form; `shown`: all of it, for explanations), and whether a comma
    starts it."""

    words: tuple[str, ...]
    surface: tuple[str, ...]
    after_comma: bool
    sentence: int = 0  # which sentence of the message (. ! ? ; or a new line end one)
    shown: tuple[str, ...] = ()


_APOSTROPHES: Final = str.maketrans(dict.fromkeys("’‘`´ʼ′‛", "'"))
_CLAUSE_END: Final = re.compile(r"""([.,;:!?()\[\]{}"“”«»…\n\r\t|]+|\s[-–—]+\s|[–—]+)""")
_SENTENCE_END: Final = re.compile(r"[.;!?\n\r]")
_SYMBOL_WORDS: Final = (("&", " and "), ("/", " or "), ("+", " plus "))
_REPEATS_TO_TWO: Final = re.compile(r"(.)\1{2,}")
_HAS_DOUBLE: Final = re.compile(r"(.)\1")


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
        current: list[tuple[str, int, str]] = []
        read = rewrite(words, lex.rewrites, lex.longest_rewrite, lex.rewrite_firsts)
        for k, (word, source) in enumerate(read):
            if word in lex.clause_breaks:
                if current:
                    out.append(_piece(current, written, after_comma, sentence))
                current, after_comma = [], False
                continue
            shown = written[source]
            if word != words[source]:  # a rewritten form: show all of its words
                end = read[k + 1][1] if k + 1 < len(read) else len(written)
                shown = " ".join(written[source:end])
            current.append((word, source, shown))
        if current:
            out.append(_piece(current, written, after_comma, sentence))
    return out


def _piece(
    words: list[tuple[str, int, str]], written: list[str], after_comma: bool, sentence: int
) -> Piece:
    return Piece(
        words=tuple(word for word, _, _ in words),
        surface=tuple(written[source] for _, source, _ in words),
        after_comma=after_comma,
        sentence=sentence,
        shown=tuple(shown for _, _, shown in words),
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
    found = closest_word(word, lex.fuzzy_targets)
    if found is None:
        return word
    return lex.spelling.get(found, found)


def _known(word: str, lex: Lexicon) -> str | None:
    if word in lex.spelling:
        return lex.spelling[word]
    return word if word in lex.known else None
