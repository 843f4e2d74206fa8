"""No English literal meant for a person outside the catalogs.

Every module of the packages that talk to people is read with `ast`. A string literal with
letters fails the test when it reaches a person directly: an argument of a call that sends,
edits or answers (send_message, reply_text, edit_message_text, answer, our reply and
edit_or_send helpers, a caption=, a button or command menu entry, a chart or PDF text), or a
sentence (two words or more) returned by a function that builds text. Keys passed to the texts'
own methods (get, html, lookup, count ...) and format strings of dates are not words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("handlers", "engine", "reminders", "bot", "delivery")

# Calls a person reads an argument of: the positions and keywords that hold words.
SINKS: dict[str, tuple[tuple[int, ...], frozenset[str]]] = {
    "send_message": ((1,), frozenset({"text"})),
    "reply_text": ((0,), frozenset({"text"})),
    "reply_html": ((0,), frozenset({"text"})),
    "edit_message_text": ((0,), frozenset({"text"})),
    "edit_message_caption": ((0,), frozenset({"caption"})),
    "answer": ((0,), frozenset({"text"})),
    "answer_callback_query": ((1,), frozenset({"text"})),
    "send_photo": ((), frozenset({"caption"})),
    "send_document": ((), frozenset({"caption"})),
    "reply": ((1,), frozenset({"text"})),  # handlers.common.conversation.reply
    "edit_or_send": ((3,), frozenset({"text"})),
    "InlineKeyboardButton": ((0,), frozenset({"text"})),
    "KeyboardButton": ((0,), frozenset({"text"})),
    "button": ((0,), frozenset({"text"})),  # handlers.common.keyboards.button
    "BotCommand": ((1,), frozenset({"description"})),
    "PromptMessage": ((0,), frozenset({"text"})),
    # the /history chart (matplotlib) and the /report PDF (fpdf2)
    "set_title": ((0,), frozenset({"label", "title"})),
    "set_xlabel": ((0,), frozenset({"xlabel"})),
    "set_ylabel": ((0,), frozenset({"ylabel"})),
    "text": ((2,), frozenset({"s"})),
    "cell": ((2,), frozenset({"text"})),
    "multi_cell": ((2,), frozenset({"text"})),
}
# Where a function returning str may build a person's text (the engine's validation errors and
# the operator's command line are for developers and operators, not people).
TEXT_BUILDERS = ("handlers", "reminders")
# Calls whose literal arguments are keys or formats, not words.
KEY_CALLS = frozenset({
    "get", "html", "lookup", "count", "has", "keys_under", "strftime", "format_date",
    "term_label", "term_question", "stretch_steps", "rule_why", "removeprefix", "replace",
    "split", "startswith", "endswith", "texts_for", "cell_fill_color",
})  # fmt: skip
LETTERS = re.compile(r"[A-Za-z]{2,}")
SENTENCE = re.compile(r"[A-Za-z]{2,}[^\S\n]+[A-Za-z]{2,}")


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literals(node: ast.AST) -> Iterator[ast.Constant]:
    """String constants under `node`, leaving out keys and formats passed to KEY_CALLS."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
        return
    if isinstance(node, ast.Call) and _name(node) in KEY_CALLS:
        for keyword in node.keywords:  # a key's parameters may hold words; the key does not
            yield from _literals(keyword.value)
        if isinstance(node.func, ast.Attribute):
            yield from _literals(node.func.value)
        return
    if isinstance(node, ast.FormattedValue):  # {value:.1f}: the spec is a format, not words
        yield from _literals(node.value)
        return
    if isinstance(node, ast.Subscript):  # mapping["key"]: the key is not shown
        yield from _literals(node.value)
        return
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


def _returns_text(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    returns = function.returns
    return returns is not None and "str" in ast.unparse(returns)


def english_literals(source: str, *, text_builders: bool = True) -> list[tuple[int, str]]:
    """(line, literal) for every English literal meant for a person in a module's source."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node) in SINKS:
            positions, keywords = SINKS[_name(node)]
            shown = [node.args[i] for i in positions if i < len(node.args)]
            shown += [k.value for k in node.keywords if k.arg in keywords]
            for arg in shown:
                found += [(c.lineno, c.value) for c in _literals(arg) if LETTERS.search(c.value)]
        if not text_builders:
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _returns_text(node):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    found += [
                        (c.lineno, c.value)
                        for c in _literals(inner.value)
                        if SENTENCE.search(c.value)
                    ]
    return sorted(set(found))


def modules() -> list[Path]:
    return [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]


def test_the_scan_reads_every_package() -> None:
    assert len(modules()) > 80


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_literal_reaches_a_person(path: Path) -> None:
    builds_text = path.relative_to(ROOT).parts[0] in TEXT_BUILDERS
    found = english_literals(path.read_text(encoding="utf-8"), text_builders=builds_text)
    assert not found, "\n".join(
        f"{path.relative_to(ROOT)}:{line}: {text!r} belongs in the catalog (docs/texts.md)"
        for line, text in found
    )


@pytest.mark.parametrize(
    "source",
    [
        'async def f(update):\n    await reply(update, "Hello there")\n',
        'async def f(q):\n    await q.answer(f"+{n} ml")\n',
        'def f(t):\n    return InlineKeyboardButton("Later", callback_data="x")\n',
        'def f(t):\n    return button("Later", P, token, "later")\n',
        'async def f(u, t):\n    await reply(u, t.get("a.b", name="Sam said hi"))\n',
        'async def f(bot):\n    await bot.send_message(1, "Saved: " + t.get("a.b"))\n',
        'def f(n: int) -> str:\n    return f"Logged {n} ml. Thank you."\n',
        'def f(ax):\n    ax.set_title("Water, litres", loc="left")\n',
        'async def f(c):\n    await c.send_document(doc, caption="Your data")\n',
    ],
)
def test_the_scan_finds_english(source: str) -> None:
    assert english_literals(source)


@pytest.mark.parametrize(
    "source",
    [
        'async def f(update, t):\n    await reply(update, t.get("common.help"))\n',
        'async def f(q, t):\n    await q.answer(t.html("a.b", name="x y"), show_alert=True)\n',
        'async def f(bot, t):\n    await bot.send_message(1, t.get("a"), parse_mode="HTML")\n',
        'def f(s) -> str:\n    return f"<b>{s}</b>\\n{s:%H:%M}"\n',
        'def f(d) -> str:\n    return format_date(d, "EEE d MMM", locale="en")\n',
        'def f(k: str) -> str:\n    return "checkin_prompt"\n',
        'def f(t, ok):\n    return t.get("a.yes" if ok else "a.no")\n',
        'def f(t):\n    return button(t.get("a.b"), P, token, "later")\n',
        'async def f(c, t):\n    await c.send_document(InputFile(b, "x"), caption=t.get("a"))\n',
    ],
)
def test_the_scan_leaves_keys_and_markup_alone(source: str) -> None:
    assert english_literals(source) == []
