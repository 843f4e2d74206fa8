"""The worse-line (bot-v2 item 5): every urgent and soon answer closes with the engine's
if_worse sentence and the local emergency number, just before the not-a-clinician line."""

from __future__ import annotations

import pytest

from tests.bot.journey import T, assessments, onboard, plain, say, texts


def closing_lines(answer: str) -> list[str]:
    """The answer's lines from "If it gets worse:" to the end."""
    lines = answer.splitlines()
    return lines[lines.index(plain(T.get("answers.if_worse"))) :]


@pytest.mark.parametrize(
    ("place", "words", "level", "number"),
    [
        ("Berlin", "there's blood in my pee", "soon", "112"),
        ("London", "sharp pain in my side under the ribs that won't stop", "urgent", "999"),
    ],
)
async def test_urgent_and_soon_answers_close_with_if_worse_and_the_local_number(
    harness, place, words, level, number
):
    user = harness.server.user(14001, "Alex")
    await onboard(harness, user, place)
    await say(user, "/water 1500")
    before = len(user.messages)
    await say(user, words)
    answer = texts(user, before)[0]
    run = (await assessments(harness, user))[-1]
    assert run.triage_level == level, user.transcript()
    if_worse = run.answer["triage"]["rules"][0]["if_worse"]
    closing = closing_lines(answer)
    assert closing[1] == f"- {if_worse}"
    assert plain(T.html("answers.worse_number", number=number)) in closing
    assert closing[-1] == plain(T.get("common.not_a_clinician"))
    if level == "soon":
        assert "Suggested stretch" not in "\n".join(closing), "the worse-line comes last"
