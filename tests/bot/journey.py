"""Steps the journeys share: a person typing and tapping, finishing setup, and reading the store.

Every action waits until the bot has handled it and gone quiet (`settle`), then the test reads
the chat as the person sees it; the bot may edit an older message before it sends a new one, so
nothing here trusts "the message that changed last".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from engine import Day
from fakegram import ChatMessage, SimulatedUser
from i18n import texts_for
from storage.records import AssessmentRecord, FollowUp, Person

T = texts_for("en")  # the bot's own English texts, so tests do not copy its wording
BERLIN = (52.52, 13.405)  # latitude, longitude of Berlin


def plain(html_text: str) -> str:
    """A text from the bot's texts modules as the person sees it (markup removed)."""
    return (
        re.sub(r"<[^>]+>", "", html_text)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


async def say(user: Any, text: str) -> ChatMessage | None:
    """Type `text`, wait until the bot is done, return its newest message."""
    user.send_text(text)
    await user.settle()
    return user.last_message  # type: ignore[no-any-return]


async def tap(user: Any, label: str, *, message: ChatMessage | int | None = None) -> ChatMessage:
    """Press the newest button labelled `label` (or one on `message`); the newest message."""
    user.press(label, message=message)
    await user.settle()
    return user.last_message  # type: ignore[no-any-return]


async def tap_raw(user: SimulatedUser, data: str, message_id: int | None = None) -> str | None:
    """Press a button with any callback data; the text of the bot's answer to the press."""
    query_id = user.press_raw(data, message_id)
    await user.settle()
    answers = [a for a in user.callback_answers if a.query_id == query_id]
    assert answers, f"the press {data!r} was never answered\n{user.transcript()}"
    return answers[-1].text


def texts(user: SimulatedUser, since: int = 0) -> list[str]:
    """The text of each bot message from the `since`-th on (edits applied)."""
    return [m.text or "" for m in user.messages[since:]]


def labels(message: ChatMessage | None) -> list[str]:
    """Every button label of a message."""
    assert message is not None
    return [b.text for b in message.all_buttons]


def local_date(harness: Any, zone: str = "Europe/Berlin") -> dt.date:
    """The person's local date now, by the harness clock."""
    return harness.clock.now.astimezone(ZoneInfo(zone)).date()  # type: ignore[no-any-return]


async def onboard(
    harness: Any,
    user: SimulatedUser,
    zone: str = "Berlin",
    *,
    goal: str = "2000 ml ✓",
) -> Person:
    """/start, consent, a typed place, the default schedule, a goal button, profile skipped."""
    await say(user, "/start")
    await tap(user, T.get("onboarding.button_consent"))
    await say(user, zone)
    await tap(user, T.get("onboarding.button_keep_schedule"))
    await tap(user, goal)
    done = await tap(user, T.get("onboarding.button_skip_profile"))
    assert done.text == plain(T.get("onboarding.setup_done")), user.transcript()
    found = await person(harness, user)
    assert found is not None and found.timezone is not None
    return found


async def person(harness: Any, user: SimulatedUser) -> Person | None:
    """The stored person behind a simulated user."""
    async with harness.store() as uow:
        return await uow.people.get(user.user_id)  # type: ignore[no-any-return]


async def people_total(harness: Any) -> int:
    """How many people are stored."""
    async with harness.store() as uow:
        return (await uow.people.counts(harness.clock.now)).total  # type: ignore[no-any-return]


async def day(harness: Any, user: SimulatedUser, zone: str = "Europe/Berlin") -> Day | None:
    """Today's stored day record of a person."""
    found = await person(harness, user)
    assert found is not None
    async with harness.store() as uow:
        return await uow.days.get(found.id, local_date(harness, zone))  # type: ignore[no-any-return]


async def assessments(harness: Any, user: SimulatedUser) -> list[AssessmentRecord]:
    """A person's stored assessments, oldest first."""
    found = await person(harness, user)
    assert found is not None
    async with harness.store() as uow:
        return list(reversed(await uow.assessments.recent(found.id)))


async def followups(harness: Any, user: SimulatedUser) -> list[FollowUp]:
    """A person's open follow-ups."""
    found = await person(harness, user)
    assert found is not None
    async with harness.store() as uow:
        return await uow.followups.pending(found.id)  # type: ignore[no-any-return]


async def assess_with(user: SimulatedUser, *presses: str) -> None:
    """/assess, then each press in turn."""
    await say(user, "/assess")
    for label in presses:
        await tap(user, label)


def fired_rules(record: AssessmentRecord) -> list[str]:
    """The ids of the triage rules a stored assessment fired."""
    return [rule["id"] for rule in record.answer["triage"]["rules"]]
