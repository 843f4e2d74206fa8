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

import itertools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from engine.types import WaterKind, WaterReading

_ML_PER: Final[dict[str, float]] = {
    "ml": 1, "cl": 10, "dl": 100, "l": 1000, "oz": 29.5735,
    "glass": 250, "cup": 250, "mug": 300, "bottle": 500, "quart": 946.353, "gallon": 3785.41,
    "pint": 568,
}  # fmt: skip
_WORD_NUMBERS: Final[dict[str, float]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
    "couple": 2, "half": 0.5, "another": 1,
}  # fmt: skip
_UNIT: Final = (
    r"millilit(?:re|er)s?|mls?|cl|dl|lit(?:re|er)s?|ltrs?|lt|l|fl\.?\s?oz|fluid\s+ounces?"
    r"|ounces?|oz|glass(?:es)?|cups?|mugs?|bottles?|quarts?|gallons?|pints?(?=\s+of\s+water)"
)
_WORD_QTY: Final = (
    r"half\s+an?|a\s+couple(?:\s+of)?|couple(?:\s+of)?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|another|an?"
)
_SIZE: Final = (
    r"(?:(?:big|large|small|full|tall|whole|little|huge|tiny|standard|normal|more|extra)\s+)?"
)
_AMOUNT: Final = re.compile(
    rf"(?<![\w,])(?<!\d\.)(?:(?P<times>\d+)\s*[x×*]\s*)?"
    rf"(?:(?P<num>\d+(?:[.,]\d+)?|1/2)\s*|(?P<word>{_WORD_QTY})\s+)(?:an?\s+)?"
    rf"(?P<half>and\s+a\s+half\s+)?{_SIZE}(?P<unit>{_UNIT})(?P<half2>\s+and\s+a\s+half)?(?!\w)",
    re.ASCII,
)
_DRANK_NUMBER: Final = re.compile(
    r"\b(?:drank|drunk|drink|drinking|water)\s+(?:(?:about|around|roughly|maybe|only|like)\s+)?"
    r"(?:~\s*)?(?P<num>\d{2,4})(?=\s*$|\s*[.,;!?)]|\s+(?:today|so|this|and|since|yesterday|now)\b)",
    re.ASCII,
)
# "glass #6", "glasses of water: 7/8": a count of glasses written after the word
_COUNTED: Final = re.compile(
    r"\bglass(?:es)?(?:\s+of\s+water)?\s*(?:#|no\.?|number|:)\s*(?P<n>\d{1,2})(?!\d)", re.ASCII
)
_SENTENCE_END: Final = re.compile(r"[.!?;\n]+(?=\s|$)|[!?;\n]+")
_CLAUSE_END: Final = re.compile(r"(?<!\.)[.!?;,\n](?!\.)(?=\s|$)|[!?;\n]+")
_TODAY_WORDS: Final = frozenset({"today", "tonight"})
_TOTAL_WORDS: Final = frozenset({"total", "tally", "altogether", "drunk", "far"})
# "today" makes an amount the day's total, except one serving ("a glass of water today") or an
# amount said to come on top of the others ("another 500 ml today").
_ON_TOP_WORDS: Final = frozenset({"another", "more", "extra", "additional", "again"})
_ONE_SERVING: Final = re.compile(
    r"(?:an?|one|another)\s+(?:(?:big|large|small|full|tall|little|huge|tiny)\s+)?"
    r"(?:glass|cup|mug|bottle|can)\b",
    re.ASCII,
)
_DAY_PHRASE: Final = re.compile(
    r"\s*(?:of\s+water\s+)?(?:a|per|each|every|for\s+the|of\s+the)\s+day\b"
)
# A sentence with one of these states a goal, advice, a past habit or a plan, not a drink.
_NOT_DRUNK_WORDS: Final = frozenset(
    {"goal", "goals", "aim", "aiming", "target", "should", "supposed", "told", "advised",
     "recommend", "recommended", "recommends", "suggested", "required", "ought", "how"}
)  # fmt: skip
_NOT_DRUNK_PAIRS: Final = frozenset(
    {("used", "to"), ("try", "to"), ("trying", "to"), ("going", "to"), ("want", "to"),
     ("plan", "to"), ("meant", "to"), ("make", "my"), ("need", "to")}
)  # fmt: skip
_BARE_NUMBER: Final = re.compile(r"\s*(?:~\s*)?(?P<num>\d{1,5})\s*[.!]?\s*", re.ASCII)
_WORDS_BEFORE: Final = re.compile(r"[a-z']+", re.ASCII)
_WORD_AFTER: Final = re.compile(
    r"\s*(?:of\s+)?(?:(?:red|white|rose|cold|warm|strong|craft|light|dark)\s+)?(?P<what>[a-z]+)",
    re.ASCII,
)
_DRINKING: Final = frozenset({"drank", "drunk", "drink", "drinking", "had", "having", "water"})
_PEEING: Final = frozenset(
    {"peed", "pee'd", "weed", "urinated", "pissed", "passed", "voided", "output", "pee",
     "peeing", "wee", "weeing", "urine", "urinating", "bladder", "holding", "catheter"}
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
    reading = water_reading(text)
    return None if reading is None else reading.ml


def water_reading(text: str) -> WaterReading | None:
    """The water the text says was drunk, and whether it is one drink or the day's total.

    Amounts in a sentence that states a goal, advice, a habit of the past or a plan ("my goal
    is 2 l", "we were told 64 oz", "I used to drink 3 l") are left out; when some clause
    names today, only today's amounts count ("Friday 72 oz; today 144 oz"); a running total
    ("I've drunk half a litre", "my total: 4 cups") replaces the drinks that led to it; an
    amount in brackets after another restates it ("1 bottle (23.7 oz)")."""
    bare = _BARE_NUMBER.fullmatch(text)
    if bare is not None:
        value = int(bare["num"])
        return WaterReading(value, "drink") if value in _BARE_RANGE else None
    found = [a for a in _amounts(text) if not _ignored_sentence(text, a.start)]
    if not found:
        return None
    today = [a for a in found if _clause_says(text, a.start, _TODAY_WORDS)]
    if today:
        found = today
    totals = [a for a in found if _clause_says(text, a.start, _TOTAL_WORDS)]
    if totals:
        found = totals[-1:]
    total = sum(a.ml for a in found)
    if total > _MAX_ML:
        return None
    day = bool(today) and not _one_more_drink(text, found)
    kind: WaterKind = "day_total" if totals or day or _says_day(text, found) else "drink"
    return WaterReading(_round(total), kind)


@dataclass(frozen=True, slots=True)
class _Amount:
    start: int
    end: int
    ml: float


def _amounts(text: str) -> list[_Amount]:
    """Every amount of water in the text, brackets restating an amount folded in."""
    out: list[_Amount] = []
    pieces: list[str] = []  # the text with each unit amount blanked, for "drank 500"
    done = 0
    for match in _AMOUNT.finditer(text):
        pieces += [text[done : match.start()], " " * len(match[0])]
        done = match.end()
        if not _is_water(text, match.start(), match.end()):
            continue
        amount = _amount_ml(match)
        if amount is None or amount > _MAX_ML:
            continue
        if out and _restates(text, out[-1].end, match.start()):
            out[-1] = _Amount(out[-1].start, match.end(), amount)
        else:
            out.append(_Amount(match.start(), match.end(), amount))
    masked = "".join([*pieces, text[done:]])
    for match in _DRANK_NUMBER.finditer(masked):
        if int(match["num"]) in _BARE_RANGE:
            out.append(_Amount(match.start("num"), match.end("num"), int(match["num"])))
    for match in _COUNTED.finditer(masked):
        out.append(_Amount(match.start(), match.end(), int(match["n"]) * _ML_PER["glass"]))
    return sorted(out, key=lambda a: a.start)


def _restates(text: str, previous_end: int, start: int) -> bool:
    """Is the amount at `start` an aside in brackets right after the previous one?"""
    between = text[previous_end:start]
    return between.rstrip().endswith("(") and len(_WORDS_BEFORE.findall(between)) <= 1


def _clause_says(text: str, at: int, words: frozenset[str]) -> bool:
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, at)), default=0)
    end = _CLAUSE_END.search(text, at)
    return bool(words & set(_WORDS_BEFORE.findall(text[start : end.start() if end else len(text)])))


def _ignored_sentence(text: str, at: int) -> bool:
    """Does the sentence, up to the amount, state a goal, advice, a past habit or a plan?"""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    words = _WORDS_BEFORE.findall(text[start:at])
    if set(words) & _NOT_DRUNK_WORDS:
        return True
    pairs = set(itertools.pairwise(words))
    return bool(pairs & _NOT_DRUNK_PAIRS)


def _one_more_drink(text: str, found: list[_Amount]) -> bool:
    """One amount that is one serving, or said to come on top ("another", "more")."""
    if len(found) != 1:
        return False
    amount = found[0]
    if _ONE_SERVING.match(text, amount.start):
        return True
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, amount.start)), default=0)
    return bool(_ON_TOP_WORDS & set(_WORDS_BEFORE.findall(text[start : amount.end])))


def _says_day(text: str, found: list[_Amount]) -> bool:
    return any(_DAY_PHRASE.search(text, a.end, a.end + 30) for a in found)


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
    if match["num"] == "1/2":
        quantity: float | None = 0.5
    else:
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
    for key in ("glass", "cup", "mug", "bottle", "cl", "dl", "quart", "gallon", "pint"):
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
