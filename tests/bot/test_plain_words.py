"""Plain words in every answer: across several journeys, nothing the bot shows a person holds a
score "out of 100" or an internal id (a rule, risk-factor or vocabulary id of the engine).

Every text the bot sent or edited, every caption, every button label and every answer to a
button press is read from the local Bot API server's record of calls, so an intermediate edit
that was later replaced is read too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

from engine import Day, Spasms, rulebook
from engine.vocabulary import every_id
from tests.bot.journey import T, labels, onboard, person, say, tap

# Buttons a questionnaire is walked with: the quiet answer wherever one is offered.
QUIET_ANSWERS = (
    T.get("common.button_no"),
    T.get("checkin.button_none"),
    T.get("checkin.button_none_of_these"),
    T.lookup("checkin.water.15to2"),
)


def internal_ids() -> set[str]:
    """Every engine id a person must never read: rule and factor ids, and the vocabulary's
    ids written with underscores (a one-word id such as "confusion" is also its plain word)."""
    book = rulebook()
    ids = {rule.id for rule in book.rules} | {factor.id for factor in book.factors}
    return {i for i in ids | set(every_id()) if "_" in i}


def shown_texts(server, chat_id: int) -> list[str]:
    """Everything a person in `chat_id` was shown, call by call."""
    shown: list[str] = []
    for call in server.calls:
        params = call.params
        if str(params.get("chat_id")) != str(chat_id) and call.method != "answerCallbackQuery":
            continue
        for key in ("text", "caption"):
            if isinstance(params.get(key), str):
                shown.append(params[key])
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []):
                shown += [button["text"] for button in row]
    return shown


async def walk_questionnaire(user) -> None:
    """Answer the open questionnaire with the quiet answers until it ends."""
    for _ in range(12):
        offered = labels(user.last_message) if user.last_message.all_buttons else []
        choice = next((label for label in QUIET_ANSWERS if label in offered), None)
        if choice is None:
            return
        await tap(user, choice)


def leaks(texts: list[str], ids: set[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        if "/100" in text:
            found.append(("/100", text))
        for term in ids:
            if re.search(rf"(?<![\w/]){re.escape(term)}(?!\w)", text):
                found.append((term, text))
    return found


async def test_no_score_out_of_100_and_no_internal_id_in_any_answer(harness):
    ids = internal_ids()
    assert {"kidney_infection", "renal_colic", "hydration_deficit", "spasm_burden"} <= ids

    user = harness.server.user(14101, "Alex")
    await onboard(harness, user)
    await say(user, "/settings")
    await say(user, "/water 300")
    await say(user, "/assess")
    await walk_questionnaire(user)
    await say(user, "my calf cramped badly last night and I only had 1 l of water")
    await walk_questionnaire(user)
    await say(user, "there's blood in my pee")
    await say(user, "I have a fever and pain in my side")
    await walk_questionnaire(user)
    await say(user, "/stretch")
    user.send_text("/history")
    await user.settle(timeout=60)  # the chart is drawn in a worker process: slow on a busy machine

    other = harness.server.user(14102, "Bo")
    await onboard(harness, other)
    await say(other, "I can't pee at all")
    await walk_questionnaire(other)
    found = await person(harness, other)
    async with harness.store() as uow:
        for i in range(14):
            date = dt.date(2026, 11, 9) + dt.timedelta(days=i)
            low = i % 3 == 0
            spasms = Spasms(count=1, locations=("calf",)) if low else Spasms()
            day = Day(date, water_ml=900 if low else 2200, spasms=spasms)
            await uow.days.merge_answers(found.id, day, harness.clock.now)
    harness.clock.now = dt.datetime(2026, 11, 23, 20, tzinfo=ZoneInfo("Europe/Berlin"))
    await harness.data.dispatcher.tick()
    await harness.data.dispatcher.drain()
    await other.settle()
    assert any("Something I noticed" in (m.text or "") for m in other.messages), (
        "the weekly summary with its pattern is among the texts read"
    )

    for journey in (user, other):
        shown = shown_texts(harness.server, journey.chat_id)
        assert len(shown) > 10, journey.transcript()
        assert leaks(shown, ids) == [], journey.transcript()
    # The risk level is still told, in words that say what it is about.
    risk_words = T.get("answers.risk_line", level="").split("<b>")[0]
    assert any(risk_words in t for t in shown_texts(harness.server, user.chat_id))
