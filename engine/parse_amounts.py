"""Numbers in free text: how much water a person drank and how bad a spasm was (0-10).

Water:
- An amount is a number (digits, "1.5", "1,5", "1,500", or one..twelve, "a", "half a",
  "a couple of") and a unit: ml, cl, dl, l/litre/liter, fl oz/ounce (29.5735 ml), glass and
  cup (250 ml), mug (300 ml), bottle (500 ml); "2 x 500ml" multiplies, "and a half" adds half.
- A number from 50 to 5000 with no unit is ml when it follows a drinking word ("drank 500",
  "water 1500") or is the whole message ("300"). A bare number outside that range ("2")
  says nothing: it could be litres, glasses, a count or a severity.
- An amount is left out when it is urine ("peed 300ml", "300ml of urine") or alcohol ("a glass
  of wine", "500ml beer"): the nearest of a drinking or a peeing word before it decides.
  Tea, coffee and other soft drinks count as water.
- Several amounts add up. One amount over 10 litres is ignored, and so is a total over 10 l.

Severity: "8/10", "8 out of 10" (11-100 over 10 is read as 10, the hyperbole), "pain 7",
"severity 6", "pain level is 5", "rated it 8", "it was a 9"; 0-10 only, halves round up, the
highest wins.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

_ML_PER: Final[dict[str, float]] = {
    "ml": 1, "cl": 10, "dl": 100, "l": 1000, "oz": 29.5735,
    "glass": 250, "cup": 250, "mug": 300, "bottle": 500,
}  # fmt: skip
_WORD_NUMBERS: Final[dict[str, float]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
    "couple": 2, "half": 0.5,
}  # fmt: skip
_UNIT: Final = (
    r"millilit(?:re|er)s?|mls?|cl|dl|lit(?:re|er)s?|ltrs?|lt|l|fl\.?\s?oz|fluid\s+ounces?"
    r"|ounces?|oz|glass(?:es)?|cups?|mugs?|bottles?"
)
_WORD_QTY: Final = (
    r"half\s+an?|a\s+couple(?:\s+of)?|couple(?:\s+of)?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|an?"
)
_SIZE: Final = r"(?:(?:big|large|small|full|tall|whole|little|huge|tiny|standard|normal)\s+)?"
_AMOUNT: Final = re.compile(
    rf"(?<![\w.,])(?:(?P<times>\d+)\s*[x×*]\s*)?"
    rf"(?:(?P<num>\d+(?:[.,]\d+)?)\s*|(?P<word>{_WORD_QTY})\s+)"
    rf"(?P<half>and\s+a\s+half\s+)?{_SIZE}(?P<unit>{_UNIT})(?P<half2>\s+and\s+a\s+half)?(?!\w)",
    re.ASCII,
)
_DRANK_NUMBER: Final = re.compile(
    r"\b(?:drank|drunk|drink|drinking|water)\s+(?:(?:about|around|roughly|maybe|only|like)\s+)?"
    r"(?:~\s*)?(?P<num>\d{2,4})(?=\s*$|\s*[.,;!?)]|\s+(?:today|so|this|and|since|yesterday|now)\b)",
    re.ASCII,
)
_BARE_NUMBER: Final = re.compile(r"\s*(?:~\s*)?(?P<num>\d{1,5})\s*[.!]?\s*", re.ASCII)
_WORDS_BEFORE: Final = re.compile(r"[a-z']+", re.ASCII)
_WORD_AFTER: Final = re.compile(
    r"\s*(?:of\s+)?(?:(?:red|white|rose|cold|warm|strong|craft|light|dark)\s+)?(?P<what>[a-z]+)",
    re.ASCII,
)
_DRINKING: Final = frozenset({"drank", "drunk", "drink", "drinking", "had", "having", "water"})
_PEEING: Final = frozenset(
    {"peed", "pee'd", "weed", "urinated", "pissed", "passed", "voided", "output", "pee",
     "peeing", "wee", "weeing", "urine", "urinating"}
)  # fmt: skip
_NOT_WATER: Final = frozenset(
    {"pee", "urine", "wee", "piss", "beer", "beers", "wine", "lager", "ale", "cider",
     "prosecco", "champagne", "vodka", "gin", "rum", "whisky", "whiskey", "spirits",
     "cocktail", "cocktails", "sangria", "alcohol", "booze", "tequila", "bourbon", "sake",
     "red", "white", "rose"}
)  # fmt: skip
_MAX_ML: Final = 10_000
_BARE_RANGE: Final = range(50, 5001)

_NUMBER_WORDS: Final = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_AFTER_SEVERITY: Final = (
    r"(?=\s*$|\s*[.,;!?)]|\s+(?:today|now|tonight|this|at|i|or|but|and|earlier|maybe"
    r"|probably|though|when|after|since|right)\b)"
)
_SEVERITY_SCALE: Final = re.compile(
    rf"(?<![\w./])(?P<n>\d{{1,3}}(?:[.,]\d)?|{_NUMBER_WORDS})\s*(?:/|out\s+of|outta)\s*"
    r"(?:10|ten)(?![\w/]|[.,]\d)",
    re.ASCII,
)
_SEVERITY_NAMED: Final = re.compile(
    r"\b(?:pain|severity|sev|level|intensity|score|rating|rated|rate|hurts?)"
    r"(?:[\s:=~-]+(?:is|was|at|about|around|of|like|an?|maybe|probably|it|it's|its|me"
    r"|today|now|currently|level|score|rating|roughly|approx(?:imately)?)\b)*[\s:=~-]*"
    rf"(?P<n>\d{{1,2}}(?:[.,]\d)?|{_NUMBER_WORDS}){_AFTER_SEVERITY}",
    re.ASCII,
)
_SEVERITY_A: Final = re.compile(
    rf"(?<!\w)an?\s+(?P<n>\d{{1,2}}(?:[.,]\d)?){_AFTER_SEVERITY}", re.ASCII
)
_DATE_WORDS: Final = frozenset({"on", "the", "since", "until", "till", "from", "by"})


def water_ml(text: str) -> int | None:
    """Millilitres of water the text says were drunk; None when it names no amount."""
    bare = _BARE_NUMBER.fullmatch(text)
    if bare is not None:
        value = int(bare["num"])
        return value if value in _BARE_RANGE else None
    total = 0.0
    found = False
    pieces: list[str] = []  # the text with each unit amount blanked, for "drank 500"
    done = 0
    for match in _AMOUNT.finditer(text):
        pieces += [text[done : match.start()], " " * len(match[0])]
        done = match.end()
        if not _is_water(text, match.start(), match.end()):
            continue
        amount = _amount_ml(match)
        if amount is not None and amount <= _MAX_ML:
            total += amount
            found = True
    masked = "".join([*pieces, text[done:]])
    for match in _DRANK_NUMBER.finditer(masked):
        if int(match["num"]) in _BARE_RANGE:
            total += int(match["num"])
            found = True
    if not found or total > _MAX_ML:
        return None
    return _round(total)


def severity(text: str) -> int | None:
    """The highest 0-10 severity the text gives; None when it gives none."""
    values: list[int] = []
    for match in _SEVERITY_SCALE.finditer(text):
        before = _WORDS_BEFORE.findall(text[max(0, match.start() - 12) : match.start()])
        value = _number(match["n"])
        if value is not None and not (before and before[-1] in _DATE_WORDS) and value <= 100:
            values.append(min(_round(value), 10))
    for pattern in (_SEVERITY_NAMED, _SEVERITY_A):
        for match in pattern.finditer(text):
            value = _number(match["n"])
            if value is not None and value <= 10:
                values.append(_round(value))
    return max(values, default=None)


def _amount_ml(match: re.Match[str]) -> float | None:
    quantity = _number(match["num"]) if match["num"] else _word_number(match["word"])
    if quantity is None:
        return None
    if match["half"] or match["half2"]:
        quantity += 0.5
    if match["times"]:
        quantity *= int(match["times"])
    return quantity * _ML_PER[_unit_key(match["unit"])]


def _unit_key(unit: str) -> str:
    unit = unit.replace(" ", "")
    if unit.startswith(("mil", "ml")):
        return "ml"
    if "oz" in unit or "ounce" in unit:
        return "oz"
    for key in ("glass", "cup", "mug", "bottle", "cl", "dl"):
        if unit.startswith(key):
            return key
    return "l"


def _is_water(text: str, start: int, end: int) -> bool:
    after = _WORD_AFTER.match(text, end)
    if after is not None and after["what"] in _NOT_WATER:
        return False
    for word in reversed(_WORDS_BEFORE.findall(text[max(0, start - 40) : start])[-4:]):
        if word in _DRINKING:
            return True
        if word in _PEEING:
            return False
    return True


def _word_number(word: str) -> float:
    if "couple" in word:
        return 2
    return _WORD_NUMBERS[word.split(maxsplit=1)[0]]


def _number(raw: str) -> float | None:
    if raw in _WORD_NUMBERS:
        return _WORD_NUMBERS[raw]
    if "," in raw:
        whole, _, part = raw.partition(",")
        raw = whole + part if len(part) == 3 else f"{whole}.{part}"
    try:
        return float(raw)
    except ValueError:
        return None


def _round(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
