"""/history, /report, /export, /delete, /privacy and /stats, played over HTTP as a person would."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import matplotlib.image as mpimg
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from handlers.reports import CHART_SIZE_PX
from storage.models import Base
from tests.bot.journey import T, local_date, onboard, plain, say, tap


async def _days_of_answers(harness: Any, user: Any) -> None:
    """Three days: a calf cramp with water, a quiet day, then blood in the urine."""
    await say(user, "calf cramp 6/10, drank 3 glasses")
    await tap(user, "1")  # how many: one
    await tap(user, T.get("checkin.button_none"))  # urinary: none
    await tap(user, T.get("checkin.button_none_of_these"))  # red flags: none
    harness.clock.advance(days=1)
    await say(user, "/water 2 l")
    harness.clock.advance(days=1)
    await say(user, "there was blood in my pee today")


async def test_history_sends_a_phone_sized_chart_with_a_caption(harness: Any) -> None:
    user = harness.server.user(1001, "Alex")
    await onboard(harness, user)
    await _days_of_answers(harness, user)
    before = len(user.messages)
    await say(user, "/history")
    chart = user.messages[before]
    assert chart.kind == "photo" and chart.photo is not None
    pixels = mpimg.imread(io.BytesIO(chart.photo), format="png")
    assert (pixels.shape[1], pixels.shape[0]) == CHART_SIZE_PX
    assert chart.caption is not None
    assert "streak" in chart.caption.lower()
    assert "Calf" in chart.caption  # the most frequent spasm location, in plain words


async def test_history_with_nothing_recorded_says_so(harness: Any) -> None:
    user = harness.server.user(1002, "Sam")
    await onboard(harness, user)
    reply = await say(user, "/history")
    assert reply is not None and reply.text == plain(T.get("data.history_empty"))


async def test_report_is_a_pdf_with_dates_red_flags_and_rules(harness: Any) -> None:
    user = harness.server.user(1003, "Zoë Łukasz")
    await onboard(harness, user)
    await _days_of_answers(harness, user)
    today = local_date(harness)
    reply = await say(user, "/report")
    assert reply is not None and reply.kind == "document"
    assert reply.mime_type == "application/pdf" and reply.document is not None
    assert reply.file_name == f"checkin-report-{today.isoformat()}.pdf"
    pdf = PdfReader(io.BytesIO(reply.document))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Zoë Łukasz" in text
    assert today.isoformat() in text or today.strftime("%d %b") in text
    assert "Blood in urine" in text
    assert "blood_in_urine" in text  # the rule that fired


async def test_report_of_an_empty_month_still_opens(harness: Any) -> None:
    user = harness.server.user(1004, "Kim")
    await onboard(harness, user)
    reply = await say(user, "/report")
    assert reply is not None and reply.document is not None
    assert len(PdfReader(io.BytesIO(reply.document)).pages) >= 1


async def test_export_round_trips_and_matches_the_database(harness: Any) -> None:
    user = harness.server.user(1005, "Ada")
    await onboard(harness, user)
    await _days_of_answers(harness, user)
    before = len(user.messages)
    await say(user, "/export")
    json_doc, csv_doc = user.messages[before], user.messages[before + 1]
    assert json_doc.file_name == "my-data.json" and json_doc.document is not None
    assert csv_doc.file_name == "my-days.csv" and csv_doc.document is not None
    exported = json.loads(json_doc.document)
    async with harness.store() as uow:
        stored = await uow.privacy.export_user(user.user_id)
    assert stored is not None
    assert exported == json.loads(json.dumps(stored.data, default=str))
    rows = list(csv.DictReader(io.StringIO(csv_doc.document.decode())))
    assert len(rows) == 3  # three local dates with a record
    assert any("blood_in_urine" in row.get("red_flags", "") for row in rows)


async def test_delete_erases_every_row_and_a_new_start_begins_afresh(harness: Any) -> None:
    user = harness.server.user(1006, "Lee")
    found = await onboard(harness, user)
    await _days_of_answers(harness, user)
    await say(user, "/delete")
    done = await tap(user, T.get("data.button_delete"))
    assert done.text is not None and "erased" in done.text
    async with harness.store() as uow:
        assert await uow.people.get(user.user_id) is None
    engine = create_async_engine(harness.database_url)
    try:
        async with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                key = "id" if table.name == "people" else "person_id"
                if key not in table.c:
                    continue
                rows = (
                    await connection.execute(select(table).where(table.c[key] == found.id))
                ).all()
                assert rows == [], f"{table.name} still holds rows of the erased person"
    finally:
        await engine.dispose()
    welcome = await say(user, "/start")
    assert welcome is not None and T.get("onboarding.button_consent") in [
        b.text for b in welcome.all_buttons
    ]


async def test_delete_can_be_called_off(harness: Any) -> None:
    user = harness.server.user(1007, "Mo")
    await onboard(harness, user)
    await say(user, "/delete")
    kept = await tap(user, T.get("data.button_keep"))
    assert kept.text == plain(T.get("data.delete_kept"))
    async with harness.store() as uow:
        assert await uow.people.get(user.user_id) is not None


async def test_privacy_says_what_is_kept_and_how_to_leave(harness: Any) -> None:
    user = harness.server.user(1008, "Ari")
    reply = await say(user, "/privacy")
    assert reply is not None and reply.text is not None
    for word in ("keep", "/export", "/delete"):
        assert word in reply.text


async def test_stats_only_for_admins_and_only_totals(harness: Any) -> None:
    admin = harness.server.user(1, "Operator")
    person = harness.server.user(1009, "Priya")
    await onboard(harness, person)
    await say(person, "there was blood in my pee today")
    refused = await say(person, "/stats")
    assert refused is not None and refused.text == plain(T.get("common.unknown_command"))
    harness.data.admin_ids = frozenset({admin.user_id})
    answer = await say(admin, "/stats")
    assert answer is not None and answer.text is not None
    assert "people: 1" in answer.text and "soon 1" in answer.text
    assert "Priya" not in answer.text and str(person.user_id) not in answer.text
