"""How each setup step looks."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from engine.vocabulary import FieldName
from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from handlers.setup.steps import GOAL_CHOICES, Step, setup_token
from i18n import Texts
from storage.records import FlowState

SUGGESTED_GOAL_ML = 2000
P = Prefix.ONBOARDING


def render_setup_step(flow: FlowState, texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of the setup flow's current step."""
    token = setup_token(flow)
    answers = flow.answers
    step = Step(flow.step)
    if step is Step.TIMEZONE:
        zones = list(answers.get("candidates", []))
        picks = [(zone.replace("_", " "), "tz", i) for i, zone in enumerate(zones)]
        return texts.get("onboarding.ask_timezone"), keyboards.choices(
            picks, P, token, per_row=2
        ) if picks else None
    if step is Step.SCHEDULE:
        return texts.get("onboarding.ask_schedule"), keyboards.choices(
            [(texts.get("onboarding.button_keep_schedule"), "keep", None)], P, token
        )
    if step is Step.GOAL:
        goals = [(_goal_label(g, texts), "goal", g) for g in GOAL_CHOICES]
        return texts.get("onboarding.ask_goal"), keyboards.choices(goals, P, token)
    if step is Step.PROFILE:
        options = [
            (texts.get("onboarding.button_add_profile"), "add", None),
            (texts.get("onboarding.button_skip_profile"), "skip", None),
        ]
        return texts.get("onboarding.ask_profile"), keyboards.choices(options, P, token)
    if step in (Step.CONDITIONS, Step.MEDICATIONS):
        field: FieldName = "conditions" if step is Step.CONDITIONS else "medications"
        question = (
            texts.get("onboarding.ask_conditions")
            if step is Step.CONDITIONS
            else texts.get("onboarding.ask_medications")
        )
        markup = keyboards.choose_many(
            field,
            answers.get(field, []),
            P,
            token,
            per_row=1,
            texts=texts,
            none_text=texts.get("checkin.button_none"),
        )
        return question, markup
    options = [
        (texts.get("common.button_yes"), "yes", None),
        (texts.get("common.button_no"), "no", None),
    ]
    return texts.get("onboarding.ask_med_changed"), keyboards.choices(options, P, token)


def _goal_label(ml: int, texts: Texts) -> str:
    suggested = ml == SUGGESTED_GOAL_ML
    return texts.get(
        "onboarding.button_goal_suggested" if suggested else "onboarding.button_goal", ml=ml
    )
