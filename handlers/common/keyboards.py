"""Inline keyboards: every button's text and callback data is built here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from engine.vocabulary import FieldName, vocabulary
from engine.words import term_label
from handlers.common.callbacks import Prefix, button_data
from i18n import Texts

CHECK = "✓ "


def button(
    text: str, prefix: Prefix, token: str, action: str, value: object = None
) -> InlineKeyboardButton:
    """One inline button with strictly encoded callback data."""
    data = button_data(prefix, token, action, None if value is None else str(value))
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    """Lay buttons out `per_row` to a row."""
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def choose_many(
    field: FieldName,
    chosen: Iterable[str],
    prefix: Prefix,
    token: str,
    *,
    per_row: int,
    texts: Texts,
    none_text: str | None,
    only: Sequence[str] | None = None,
) -> InlineKeyboardMarkup:
    """A multi-select of vocabulary ids (ticked when chosen) with None/Done/Cancel."""
    picked = set(chosen)
    terms = vocabulary().terms[field]
    toggles = [
        button(
            (CHECK if t.id in picked else "") + term_label(t.id, texts), prefix, token, "tog", t.id
        )
        for t in terms
        if only is None or t.id in only
    ]
    layout = rows(toggles, per_row)
    last = [button(texts.get("common.button_done"), prefix, token, "done")]
    if none_text:
        last.insert(0, button(none_text, prefix, token, "none"))
    layout.append(last)
    layout.append([button(texts.get("common.button_cancel"), prefix, token, "cancel")])
    return InlineKeyboardMarkup(layout)


def numbers(
    values: Sequence[int],
    prefix: Prefix,
    token: str,
    *,
    per_row: int,
    texts: Texts,
    last_label: str | None = None,
) -> InlineKeyboardMarkup:
    """Number buttons (e.g. severity 1-10) with Skip and Cancel."""
    labels = [str(v) for v in values]
    if last_label:
        labels[-1] = last_label
    buttons = [
        button(label, prefix, token, "set", v) for label, v in zip(labels, values, strict=True)
    ]
    layout = rows(buttons, per_row)
    layout.append(
        [
            button(texts.get("common.button_skip"), prefix, token, "skip"),
            button(texts.get("common.button_cancel"), prefix, token, "cancel"),
        ]
    )
    return InlineKeyboardMarkup(layout)


def choices(
    options: Sequence[tuple[str, str, object]],
    prefix: Prefix,
    token: str,
    *,
    per_row: int = 2,
    cancel_text: str | None = None,
) -> InlineKeyboardMarkup:
    """Buttons from (text, action, value) triples, optionally with a Cancel row."""
    buttons = [button(text, prefix, token, action, value) for text, action, value in options]
    layout = rows(buttons, per_row)
    if cancel_text:
        layout.append([button(cancel_text, prefix, token, "cancel")])
    return InlineKeyboardMarkup(layout)
