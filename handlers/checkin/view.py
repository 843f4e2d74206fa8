"""How each questionnaire step looks: its question text and its buttons."""

from __future__ import annotations

from types import ModuleType

from telegram import InlineKeyboardMarkup

from engine.vocabulary import vocabulary
from handlers.checkin.questionnaire import COUNT_CHOICES, MAX_SEVERITY, State, Step
from handlers.common import keyboards
from handlers.common.callbacks import Prefix

P = Prefix.CHECKIN


def render_step(
    state: State, token: str, texts: ModuleType, note: str | None = None
) -> tuple[str, InlineKeyboardMarkup]:
    """The text and keyboard that ask the current step."""
    t, c = texts.checkin, texts.common
    step = state.step
    if step is Step.START:
        text = t.HOW_WAS_TODAY
        markup = keyboards.choices(
            [(t.BUTTON_ALL_GOOD, "good", None), (t.BUTTON_NOT_GREAT, "bad", None)],
            P,
            token,
            cancel_text=c.BUTTON_CANCEL,
        )
    elif step is Step.SPASMS:
        text = t.ASK_SPASMS
        markup = keyboards.choices(
            [(c.BUTTON_NO, "no", None), (c.BUTTON_YES, "yes", None)],
            P,
            token,
            cancel_text=c.BUTTON_CANCEL,
        )
    elif step is Step.WHERE:
        text = t.ASK_WHERE
        markup = keyboards.choose_many(
            "spasm_locations", state.locations, P, token, per_row=2, texts=texts, none_text=None
        )
    elif step is Step.SEVERITY:
        text = t.ASK_SEVERITY
        markup = keyboards.numbers(range(1, MAX_SEVERITY + 1), P, token, per_row=5, texts=texts)
    elif step is Step.COUNT:
        text = t.ASK_COUNT
        markup = keyboards.numbers(
            COUNT_CHOICES, P, token, per_row=5, texts=texts, last_label=f"{COUNT_CHOICES[-1]}+"
        )
    elif step is Step.URINARY:
        text = t.ASK_URINARY
        markup = keyboards.choose_many(
            "urinary", state.urinary, P, token, per_row=2, texts=texts, none_text=t.BUTTON_NONE
        )
    elif step is Step.RED_FLAGS:
        text = t.ASK_RED_FLAGS
        markup = keyboards.choose_many(
            "red_flags",
            state.red_flags,
            P,
            token,
            per_row=1,
            texts=texts,
            none_text=t.BUTTON_NONE_OF_THESE,
        )
    elif step is Step.WATER:
        text = t.ASK_WATER
        options = [(label, "set", key) for key, label in t.WATER_BUTTONS.items()]
        options.append((c.BUTTON_SKIP, "skip", None))
        markup = keyboards.choices(options, P, token, cancel_text=c.BUTTON_CANCEL)
    else:  # Step.CONFIRM (Step.DONE is never rendered)
        question = vocabulary().term("red_flags", state.pending[0]).question
        text = t.confirm_red_flag(question)
        markup = keyboards.choices(
            [(c.BUTTON_YES, "yes", None), (c.BUTTON_NO, "no", None)], P, token
        )
    chosen = _chosen_labels(state)
    if chosen and step in (Step.WHERE, Step.URINARY, Step.RED_FLAGS):
        text += "\n" + t.selected_line(chosen)
    if note:
        text = f"{note}\n\n{text}"
    return text, markup


def _chosen_labels(state: State) -> list[str]:
    field = {Step.WHERE: "spasm_locations", Step.URINARY: "urinary"}.get(state.step, "red_flags")
    vocab = vocabulary()
    return [vocab.label(field, i) for i in state.selected(state.step)]  # type: ignore[arg-type]
