"""How each setup step looks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel import Locale, UnknownLocaleError
from telegram import InlineKeyboardMarkup

from engine.vocabulary import FieldName
from handlers.common import keyboards
from handlers.common.callbacks import Prefix
from handlers.setup.steps import GOAL_CHOICES, Step, setup_token
from handlers.setup.timezones import country_of_zone
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
        return _zone_step(answers, texts, token)
    if step is Step.SCHEDULE:
        return texts.get("onboarding.ask_schedule"), keyboards.choices(
            [
                (texts.get("onboarding.button_keep_schedule"), "keep", None),
                (texts.get("onboarding.button_change_times"), "times", None),
            ],
            P,
            token,
        )
    if step is Step.TIMES:
        ask = (
            texts.get("onboarding.ask_checkin_time")
            if "stretch_at" in answers
            else texts.get("onboarding.ask_times")
        )
        return ask, keyboards.choices(
            [(texts.get("onboarding.button_keep_other_times"), "keep", None)], P, token
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


def _zone_step(
    answers: Mapping[str, Any], texts: Texts, token: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The time-zone question: first ask, "did you mean", an offset kept for now, or a country."""
    zones = list(answers.get("candidates", []))
    question = answers.get("zone_question")
    if question == "offset":
        offset = str(answers.get("offset", ""))
        text = texts.html(
            "onboarding.offset_for_now", offset=offset, local_time=answers.get("local_time", "")
        )
        keep = texts.get("onboarding.button_keep_offset", offset=offset)
        return text, keyboards.choices([(keep, "keep_tz", None)], P, token)
    if question == "confirm_country":
        text = texts.get("onboarding.confirm_country")
        picks = [(_zone_with_country(zone, texts), "tz", i) for i, zone in enumerate(zones)]
        return text, keyboards.choices(picks, P, token, per_row=1)
    if question == "did_you_mean":
        text = texts.html("onboarding.did_you_mean", place=answers.get("place", ""))
    else:
        text = texts.get("onboarding.ask_timezone")
    picks = [(zone.replace("_", " "), "tz", i) for i, zone in enumerate(zones)]
    return text, keyboards.choices(picks, P, token, per_row=2) if picks else None


def _zone_with_country(zone: str, texts: Texts) -> str:
    """ "Germany (Europe/Berlin)": the country in the person's language (Babel's CLDR names)."""
    code = country_of_zone(zone)
    try:
        names = Locale.parse(texts.language.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    country = names.get(code or "", code or "")
    if not country:
        return zone.replace("_", " ")
    return texts.get(
        "onboarding.button_zone_in_country", country=country, zone=zone.replace("_", " ")
    )
