"""How each setup step looks."""

from __future__ import annotations

from types import ModuleType

from telegram import InlineKeyboardMarkup

from engine.vocabulary import FieldName
from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from handlers.setup.steps import GOAL_CHOICES, Step, setup_token
from storage.records import FlowState

P = Prefix.ONBOARDING


def render_setup_step(
    flow: FlowState, texts: ModuleType
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of the setup flow's current step."""
    t, c = texts.onboarding, texts.common
    token = setup_token(flow)
    answers = flow.answers
    step = Step(flow.step)
    if step is Step.TIMEZONE:
        zones = list(answers.get("candidates", []))
        picks = [(zone.replace("_", " "), "tz", i) for i, zone in enumerate(zones)]
        return t.ASK_TIMEZONE, keyboards.choices(picks, P, token, per_row=2) if picks else None
    if step is Step.SCHEDULE:
        return t.ASK_SCHEDULE, keyboards.choices([(t.BUTTON_KEEP_SCHEDULE, "keep", None)], P, token)
    if step is Step.GOAL:
        goals = [(f"{g} ml" + (" ✓" if g == 2000 else ""), "goal", g) for g in GOAL_CHOICES]
        return t.ASK_GOAL, keyboards.choices(goals, P, token)
    if step is Step.PROFILE:
        options = [(t.BUTTON_ADD_PROFILE, "add", None), (t.BUTTON_SKIP_PROFILE, "skip", None)]
        return t.ASK_PROFILE, keyboards.choices(options, P, token)
    if step in (Step.CONDITIONS, Step.MEDICATIONS):
        field: FieldName = "conditions" if step is Step.CONDITIONS else "medications"
        question = t.ASK_CONDITIONS if step is Step.CONDITIONS else t.ASK_MEDICATIONS
        markup = keyboards.choose_many(
            field,
            answers.get(field, []),
            P,
            token,
            per_row=1,
            texts=texts,
            none_text=texts.checkin.BUTTON_NONE,
        )
        return question, markup
    options = [(c.BUTTON_YES, "yes", None), (c.BUTTON_NO, "no", None)]
    return t.ASK_MED_CHANGED, keyboards.choices(options, P, token)
