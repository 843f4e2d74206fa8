"""How each questionnaire step looks: its question text and its buttons."""

from __future__ import annotations

import datetime as dt

from telegram import InlineKeyboardMarkup

from engine.words import term_label, term_question
from handlers.checkin.questionnaire import COUNT_CHOICES, MAX_SEVERITY, WATER_CHOICES, State, Step
from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from handlers.prompts.render import date_token
from i18n import Texts

P = Prefix.CHECKIN


def render_step(
    state: State, token: str, texts: Texts, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The text and keyboard that ask the current step."""
    step = state.step
    if step is Step.START:
        text = texts.get("checkin.how_was_today")
        markup = keyboards.choices(
            [
                (texts.get("checkin.button_all_good"), "good", None),
                (texts.get("checkin.button_not_great"), "bad", None),
            ],
            P,
            token,
            cancel_text=texts.get("common.button_cancel"),
        )
    elif step is Step.SPASMS:
        text = texts.get("checkin.ask_spasms")
        markup = keyboards.choices(
            [
                (texts.get("common.button_no"), "no", None),
                (texts.get("common.button_yes"), "yes", None),
            ],
            P,
            token,
            cancel_text=texts.get("common.button_cancel"),
        )
    elif step is Step.WHERE:
        text, markup = _where(state, token, texts)
    elif step is Step.SEVERITY:
        text = texts.get("checkin.ask_severity")
        markup = keyboards.numbers(range(1, MAX_SEVERITY + 1), P, token, per_row=5, texts=texts)
        if state.locations:  # the first place moved on at once; more are one tap away
            more = keyboards.button(texts.get("checkin.button_another_place"), P, token, "more")
            markup = InlineKeyboardMarkup([[more], *markup.inline_keyboard])
    elif step is Step.COUNT:
        text, markup = _count(token, texts)
    elif step is Step.URINARY:
        text = texts.get("checkin.ask_urinary")
        markup = keyboards.choose_many(
            "urinary",
            state.urinary,
            P,
            token,
            per_row=2,
            texts=texts,
            none_text=texts.get("checkin.button_none"),
        )
    elif step is Step.RED_FLAGS:
        text = texts.get("checkin.ask_red_flags")
        markup = keyboards.choose_many(
            "red_flags",
            state.red_flags,
            P,
            token,
            per_row=1,
            texts=texts,
            none_text=texts.get("checkin.button_none_of_these"),
            only=_screen_with_chosen(state),
        )
    elif step is Step.WATER:
        text = texts.get("checkin.ask_water")
        options: list[tuple[str, str, object]] = [
            (texts.lookup(f"checkin.water.{key}"), "set", key) for key in WATER_CHOICES
        ]
        options.append((texts.get("common.button_skip"), "skip", None))
        markup = keyboards.choices(options, P, token, cancel_text=texts.get("common.button_cancel"))
    else:  # Step.CONFIRM (Step.DONE is never rendered)
        question = term_question(state.pending[0], texts)
        text = texts.html("checkin.confirm_red_flag", question=question)
        markup = keyboards.choices(
            [
                (texts.get("common.button_yes"), "yes", None),
                (texts.get("common.button_no"), "no", None),
            ],
            P,
            token,
        )
    chosen = _chosen_labels(state, texts)
    if chosen and step in (Step.WHERE, Step.URINARY, Step.RED_FLAGS):
        text += "\n" + texts.html("checkin.chosen", labels=", ".join(chosen))
    if note:
        text = f"{note}\n\n{text}"
    return text, markup


def water_extra_keyboard(local_date: dt.date, texts: Texts) -> InlineKeyboardMarkup:
    """The optional water buttons under a saved evening check-in (the day's rough total)."""
    options: list[tuple[str, str, object]] = [
        (texts.lookup(f"checkin.water.{key}"), "water", key) for key in WATER_CHOICES
    ]
    return keyboards.choices(options, Prefix.CHECKIN_PROMPT, date_token(local_date))


def _where(state: State, token: str, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """Where it hurt: the first tap moves on; "No spasms or cramps" answers the bad-day flow's
    spasm question in the same step (bot-v2 item 8: each thing asked once)."""
    if state.locations:  # back for another place: ticks, then Done
        text = texts.get("checkin.ask_where_more")
    else:
        text = texts.get("checkin.ask_where")
    markup = keyboards.choose_many(
        "spasm_locations", state.locations, P, token, per_row=2, texts=texts, none_text=None
    )
    layout = [list(row) for row in markup.inline_keyboard]
    if not state.locations:
        no_spasms = keyboards.button(texts.get("checkin.button_no_spasms"), P, token, "no")
        layout[-2] = [no_spasms]  # in place of Done: nothing is ticked yet
    return text, InlineKeyboardMarkup(layout)


def _count(token: str, texts: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """How many, and whether any came at night: one tap answers both (the night row)."""
    last = COUNT_CHOICES[-1]

    def label(value: int) -> str:
        return f"{value}+" if value == last else str(value)

    by_day = [keyboards.button(label(v), P, token, "set", v) for v in COUNT_CHOICES]
    at_night = [
        keyboards.button(texts.get("checkin.button_count_at_night", count=label(v)), P, token,
                         "night", v)
        for v in COUNT_CHOICES
    ]  # fmt: skip
    tail = [
        keyboards.button(texts.get("common.button_skip"), P, token, "skip"),
        keyboards.button(texts.get("common.button_cancel"), P, token, "cancel"),
    ]
    return texts.get("checkin.ask_count"), InlineKeyboardMarkup([by_day, at_night, tail])


def _screen_with_chosen(state: State) -> list[str] | None:
    """The tiered screen (bot-v2 item 4) plus anything already ticked; None shows every flag
    (a questionnaire stored before the screen had tiers)."""
    if not state.screen:
        return None
    return [*state.screen, *(f for f in state.red_flags if f not in state.screen)]


def _chosen_labels(state: State, texts: Texts) -> list[str]:
    field = {Step.WHERE: "spasm_locations", Step.URINARY: "urinary"}.get(state.step, "red_flags")
    del field  # ids are unique across fields
    return [term_label(i, texts) for i in state.selected(state.step)]
