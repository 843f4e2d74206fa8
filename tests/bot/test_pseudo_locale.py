"""Journeys played by a person whose Telegram language is a pseudo-locale made from the English
catalog (tests/i18n/pseudo.py): every message and button they see must be catalog text, so a
plain English word in the chat is a string that bypassed the catalogs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.vocabulary import every_id
from engine.words import rule_why
from i18n import Texts, texts_for
from i18n.catalog import add_locale_dir, remove_locale_dir
from tests.bot.journey import plain, say, tap
from tests.i18n.pseudo import PSEUDO, write_pseudo_locale

# Not words: IANA zone names offered as buttons, our own /commands, and the pseudo-locale's
# own code as /settings shows it.
NOT_WORDS = re.compile(r"\b[A-Z][A-Za-z_]+/[A-Za-z_/]+\b|/[a-z_]+\b|\beo\b")
LEFT_OVER_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def pseudo_locale(tmp_path: Path) -> Iterator[Texts]:
    """The pseudo-locale's catalog, added before the application starts (so the command menu
    is set in it too), removed afterwards."""
    root = write_pseudo_locale(tmp_path / "locales")
    add_locale_dir(root)
    try:
        yield texts_for(PSEUDO)
    finally:
        remove_locale_dir(root)


def untranslated(text: str) -> list[str]:
    """The plain English words of `text` outside every ⟦…⟧ (innermost first, as a catalog
    text may carry another in a placeholder)."""
    while (stripped := re.sub(r"⟦[^⟦⟧]*⟧", "", text)) != text:
        text = stripped
    return LEFT_OVER_WORD.findall(NOT_WORDS.sub("", text))


def seen(user: object) -> list[str]:
    """Every text and button label the person has been shown, and every callback answer."""
    shown: list[str] = []
    for message in user.messages:  # type: ignore[attr-defined]
        shown.append(message.text or message.caption or "")
        shown += [button.text for button in message.all_buttons]
    shown += [answer.text or "" for answer in user.callback_answers]  # type: ignore[attr-defined]
    return shown


def assert_all_translated(user: object) -> None:
    assert sum("⟦" in text for text in seen(user)) >= 3, user.transcript()
    leaks = [(text, words) for text in seen(user) if (words := untranslated(text))]
    assert not leaks, "English reached a person:\n" + "\n".join(
        f"{words} in {text!r}" for text, words in leaks
    )


async def onboard_in(harness: Any, user: object, t: Texts) -> None:
    await say(user, "/start")
    await tap(user, t.get("onboarding.button_consent"))
    await say(user, "Berlin")
    await tap(user, t.get("onboarding.button_keep_schedule"))
    await tap(user, t.get("onboarding.button_goal_suggested", ml=2000))
    done = await tap(user, t.get("onboarding.button_skip_profile"))
    assert done.text == t.get("onboarding.setup_done"), user.transcript()  # type: ignore[attr-defined]


async def test_setup_water_stretch_and_settings_speak_the_pseudo_locale(
    pseudo_locale: Texts, harness: Any
) -> None:
    t = pseudo_locale
    user = harness.server.user(7001, "Pseudo", language_code=PSEUDO)
    await onboard_in(harness, user, t)
    for command in ("/help", "/water 300", "/water", "/stretch back", "/stretch nowhere"):
        await say(user, command)
    for command in ("/settings", "/settings goal 2500", "/pause", "/resume", "/history"):
        await say(user, command)
    for command in ("/privacy", "/nonsense", "/cancel", "/delete"):
        await say(user, command)
    await tap(user, t.get("data.button_keep"))
    assert_all_translated(user)


async def test_questionnaire_and_an_emergency_answer_speak_the_pseudo_locale(
    pseudo_locale: Texts, harness: Any
) -> None:
    t = pseudo_locale
    user = harness.server.user(7002, "Pseudo", language_code=PSEUDO)
    await onboard_in(harness, user, t)
    await say(user, "/assess")
    for label in (
        t.get("common.button_yes"),
        t.lookup("vocab.lower_back.label"),
        "7",
        "2",
        t.get("checkin.button_none"),
        t.lookup("vocab.saddle_numbness.label"),
        t.get("common.button_done"),
    ):
        await tap(user, label)
    texts = [m.text or "" for m in user.messages]
    assert any(text.startswith(plain(t.get("answers.emergency_title"))) for text in texts), (
        user.transcript()
    )
    why = rule_why("cauda_equina", ("saddle_numbness",), t, every_id())
    assert any(f"- {why}" in text for text in texts), user.transcript()
    assert_all_translated(user)


async def test_the_command_menu_is_set_in_each_language(pseudo_locale: Texts, harness: Any) -> None:
    menus = {
        call.params.get("language_code"): call.params["commands"]
        for call in harness.server.calls_to("setMyCommands")
    }
    assert set(menus) == {None, PSEUDO}
    english = texts_for("en")
    assert [c["description"] for c in menus[None]] == [
        english.lookup(key) for key in english.keys_under("command.")
    ]
    assert all(c["description"].startswith("⟦") for c in menus[PSEUDO])
    assert [c["command"] for c in menus[PSEUDO]] == [c["command"] for c in menus[None]]


def test_the_check_finds_english() -> None:
    assert untranslated("⟦Hî⟧ Hello ⟦Šàvéd: ⟦tîmé⟧ îš Europe/Berlin⟧ /help") == ["Hello"]
    assert untranslated("⟦Wàtéŕ⟧\n⟦ök⟧") == []
