"""The /report brief on page one, played over HTTP: a red flag with the local time it was told
and the answer to the follow-up question that came after it, in plain words."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from tests.bot.journey import T, onboard, say, tap
from tests.bot.test_followup import send_followup, urgent_answer

BERLIN = ZoneInfo("Europe/Berlin")


async def test_the_brief_shows_the_red_flag_time_and_the_follow_up_answer(harness: Any) -> None:
    user = harness.server.user(12001, "Rui")
    await onboard(harness, user)
    told = harness.clock.now.astimezone(BERLIN)
    await urgent_answer(harness, user)
    await send_followup(harness, user)
    await tap(user, T.get("prompts.button_better"))
    answered = harness.clock.now.astimezone(BERLIN)

    reply = await say(user, "/report")
    assert reply is not None and reply.document is not None
    brief = " ".join(PdfReader(io.BytesIO(reply.document)).pages[0].extract_text().split())
    assert f"{told:%H:%M} Sharp pain in the side" in brief
    better = T.get("report.followup.better")
    assert f"{answered:%H:%M} {T.get('triage.label.urgent')} {better}" in brief
    assert "renal_colic" not in brief and "kidney_infection" not in brief
