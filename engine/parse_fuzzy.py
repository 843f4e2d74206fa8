"""Misspellings: a word the lexicon does not know, and that is not an English word, read as the
nearest lexicon word ("numbnesss" -> numb, "stength" -> strength; "fewer" stays "fewer").

Distances come from rapidfuzz (Levenshtein, one edit, two for words of 11 letters or more, the
same first letter; ties go to the alphabetically first word, so the answer never varies).
"English" means wordfreq's small English list: words seen at least once per million words
(Zipf 3 and up). The list is read only when a candidate correction exists, straight from the
package's data file (wordfreq's own cBpack format: gzip, msgpack, a header, then word lists),
which avoids importing wordfreq and its text-cleaning dependencies in the bot's process.
"""

from __future__ import annotations

import gzip
import importlib.util
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final

import msgpack
from rapidfuzz.distance import Levenshtein

FUZZY_MIN: Final = 5  # shorter words are corrected only through the lexicon's [spelling]
_TWO_EDITS_FROM: Final = 11  # words this long may be two edits away


def closest_word(word: str, targets: Mapping[str, tuple[str, ...]]) -> str | None:
    """The lexicon word a misspelling stands for, or None: `targets` are the lexicon's
    correctable words by first letter."""
    if len(word) < FUZZY_MIN or not word.isalpha() or not word.isascii():
        return None
    limit = 1 if len(word) < _TWO_EDITS_FROM else 2
    best: tuple[int, str] | None = None
    for target in targets.get(word[0], ()):
        if abs(len(target) - len(word)) > limit:
            continue
        distance = Levenshtein.distance(word, target, score_cutoff=limit)
        if distance <= limit and (best is None or (distance, target) < best):
            best = (distance, target)
    if best is None or word in english_words():
        return None
    return best[1]


@cache
def english_words() -> frozenset[str]:
    """wordfreq's small English word list, loaded once on first use."""
    spec = importlib.util.find_spec("wordfreq")
    locations = spec.submodule_search_locations if spec is not None else None
    if locations:
        data = Path(next(iter(locations))) / "data" / "small_en.msgpack.gz"
        if data.is_file():
            pack = msgpack.unpackb(gzip.decompress(data.read_bytes()), raw=False)
            header = pack[0]
            if isinstance(header, dict) and header.get("format") == "cB":
                return frozenset(word for words in pack[1:] for word in words)
    from wordfreq import get_frequency_dict  # the documented way, when the file moved

    return frozenset(get_frequency_dict("en", wordlist="small"))
