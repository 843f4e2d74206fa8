"""The /report PDF: it opens, fits one or two pages, and says what happened and when."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from handlers.reports.chart import render_history_chart
from handlers.reports.model import (
    AssessmentSummary,
    DaySummary,
    FollowUpAnswer,
    ReportSubject,
    in_window,
)
from handlers.reports.pdf import render_report_pdf
from handlers.reports.report_text import clean_name, daily_rows, period_line
from tests.reports.sample import (
    END_DATE,
    GOAL_ML,
    SUBJECT,
    typical_assessments,
    typical_month,
)


def read(pdf: bytes, tmp_path: Path, name: str = "report.pdf") -> tuple[int, str]:
    path = tmp_path / name
    path.write_bytes(pdf)
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


@pytest.fixture(scope="module")
def typical_pdf() -> bytes:
    days = typical_month()
    chart = render_history_chart(days, end_date=END_DATE, goal_ml=GOAL_ML, n_days=30)
    return render_report_pdf(
        SUBJECT, days, typical_assessments(), end_date=END_DATE, chart_png=chart
    )


def test_typical_month_fits_one_or_two_pages(typical_pdf: bytes, tmp_path: Path) -> None:
    assert typical_pdf.startswith(b"%PDF-")
    pages, _ = read(typical_pdf, tmp_path)
    assert 1 <= pages <= 2


def test_it_names_the_person_and_the_period(typical_pdf: bytes, tmp_path: Path) -> None:
    _, text = read(typical_pdf, tmp_path)
    assert "Zoë Łukasz" in text
    assert "50-59" in text
    assert "Kidney stones" in text  # the condition's plain label, not its id
    assert "kidney_stones_history" not in text
    assert "Sun 2026-03-01 to Mon 2026-03-30" in text


def test_every_date_of_the_month_has_a_row(typical_pdf: bytes, tmp_path: Path) -> None:
    _, text = read(typical_pdf, tmp_path)
    for offset in range(30):
        assert (END_DATE - dt.timedelta(days=offset)).isoformat() in text
    assert text.count("no record") == 4


def test_red_flags_are_listed_with_their_dates_and_local_times(
    typical_pdf: bytes, tmp_path: Path
) -> None:
    _, text = read(typical_pdf, tmp_path)
    section = text[text.index("Red flags Date Time Red flag") :]
    # Times are when the flag was first told (the assessment), in Berlin time.
    for date, time, label in (
        ("Sat 2026-03-14", "19:46", "Blood in urine"),
        ("Wed 2026-03-25", "19:35", "Fever or chills"),
        ("Wed 2026-03-25", "19:35", "Sharp pain in the side"),
        ("Sun 2026-03-29", "20:31", "Numbness in groin, buttocks or inner thighs"),
    ):
        assert f"{date} {time} {label}" in section


def test_the_brief_on_page_one_has_the_chart_red_flags_follow_ups_and_medicines(
    tmp_path: Path,
) -> None:
    days = typical_month()
    chart = render_history_chart(days, end_date=END_DATE, goal_ml=GOAL_ML)
    answers = (
        FollowUpAnswer(dt.datetime(2026, 3, 25, 22, 40, tzinfo=dt.UTC), "better", "urgent"),
        FollowUpAnswer(dt.datetime(2026, 3, 29, 23, 5, tzinfo=dt.UTC), "help", "emergency"),
    )
    pdf = render_report_pdf(
        SUBJECT,
        days,
        typical_assessments(),
        end_date=END_DATE,
        chart_png=chart,
        followups=answers,
    )
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert reader.pages[0].images, "the 14-day chart is not on page one"
    assert "Medications: Water pill (diuretic)" in first
    assert "Sun 2026-03-29 20:31 Numbness in groin" in first
    assert "Wed 2026-03-25 23:40 Urgent: same day Better" in first
    assert "Mon 2026-03-30 01:05 Emergency Had already got help" in first
    assert "Daily record" not in first  # the detail starts on page two


def test_assessments_show_plain_advice_and_reason_in_local_time_never_rule_ids(
    typical_pdf: bytes, tmp_path: Path
) -> None:
    _, text = read(typical_pdf, tmp_path)
    for rule_id in ("blood_in_urine", "kidney_infection", "renal_colic", "cauda_equina"):
        assert rule_id not in text
    assert "/100" not in text
    # 18:31 UTC on the day after Berlin moved to summer time is 20:31 local.
    assert "Sun 2026-03-29 20:31 Emergency Call your local emergency number" in text
    assert "Numbness in the groin" in text
    assert "7 other assessments found no warning signs" in text
    assert "General information" in text and "not a diagnosis" in text


def test_a_run_of_empty_days_is_one_row(tmp_path: Path) -> None:
    days = [d for d in typical_month() if not 10 <= (END_DATE - d.date).days <= 18]
    rows = daily_rows(in_window(days, end_date=END_DATE, n_days=30), GOAL_ML)
    empty = [row for row in rows if row.cells is None]
    assert [(row.date, row.empty_days) for row in empty] == [
        ("Wed 2026-03-04", 1),
        ("Wed 2026-03-11 – Fri 2026-03-20", 10),  # the 11th had no record already
        ("Fri 2026-03-27", 1),
    ]
    _, text = read(render_report_pdf(SUBJECT, days, (), end_date=END_DATE), tmp_path)
    assert "Wed 2026-03-11 – Fri 2026-03-20 no record (10 days)" in text
    assert text.count("no record") == 3


def test_a_cjk_name_prints_with_its_own_letters(tmp_path: Path) -> None:
    pytest.importorskip("noto_cjk_sans_jp_regular")
    subject = dataclasses.replace(SUBJECT, display_name="李小龙 Zoë")
    _, text = read(render_report_pdf(subject, typical_month(), (), end_date=END_DATE), tmp_path)
    # pypdf reads the CJK font's two-byte codes with a NUL byte before each character.
    assert "李小龙 Zoë" in text.replace("\x00", "")


def test_empty_month_is_a_valid_one_page_report(tmp_path: Path) -> None:
    pdf = render_report_pdf(SUBJECT, (), (), end_date=END_DATE, chart_png=None)
    pages, text = read(pdf, tmp_path)
    assert pages == 1
    assert "No records in this period" in text
    assert "None reported in this period" in text
    assert "not a diagnosis" in text


def test_empty_month_with_a_chart_given_leaves_the_empty_chart_out(tmp_path: Path) -> None:
    chart = render_history_chart((), end_date=END_DATE, goal_ml=GOAL_ML, n_days=30)
    pdf = render_report_pdf(SUBJECT, (), (), end_date=END_DATE, chart_png=chart)
    assert read(pdf, tmp_path)[0] == 1


@pytest.mark.parametrize(
    "name",
    ["Zoë 🙂 Łukasz", "李小龙", "Ana\u202e María\n\t", "👨\u200d👩\u200d👧", "", "x" * 500],
)
def test_any_display_name_renders(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    subject = dataclasses.replace(SUBJECT, display_name=name, conditions=(), medications=())
    with caplog.at_level(logging.WARNING):
        pdf = render_report_pdf(subject, typical_month(), (), end_date=END_DATE)
    pages, text = read(pdf, tmp_path)
    assert pages >= 1
    assert "not given" in text  # conditions and medications left out
    # Missing glyphs are handled before fpdf2 sees them, so no log line carries the name.
    assert not [r for r in caplog.records if "missing" in r.getMessage()]


def test_the_name_keeps_its_letters_and_drops_what_the_font_lacks(tmp_path: Path) -> None:
    subject = dataclasses.replace(SUBJECT, display_name="Zoë 🙂 Łukasz")
    _, text = read(render_report_pdf(subject, (), (), end_date=END_DATE), tmp_path)
    assert "Zoë Łukasz" in text


def test_assessments_outside_the_period_are_left_out(tmp_path: Path) -> None:
    old = AssessmentSummary(
        at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
        local_date=dt.date(2026, 1, 5),
        triage="urgent",
        rule_ids=("rhabdomyolysis",),
        reason="Dark urine after exercise",
    )
    pdf = render_report_pdf(SUBJECT, (), (old,), end_date=END_DATE)
    _, text = read(pdf, tmp_path)
    assert "Dark urine" not in text
    assert "None in this period" in text


def test_unknown_time_zone_falls_back_to_utc(tmp_path: Path) -> None:
    subject = dataclasses.replace(SUBJECT, time_zone="Mars/Olympus")
    pdf = render_report_pdf(subject, typical_month(), typical_assessments(), end_date=END_DATE)
    assert "Sun 2026-03-29 18:31" in read(pdf, tmp_path)[1]


def test_daily_rows_cover_every_date_and_mark_unknowns() -> None:
    days = (
        DaySummary(END_DATE, water_ml=None, spasm_count=0, checked_in=True, triage="self_care"),
        DaySummary(END_DATE - dt.timedelta(days=1), water_ml=500, checked_in=False),
    )
    rows = daily_rows(in_window(days, end_date=END_DATE, n_days=3), 2000)
    assert [row.date for row in rows] == ["Sat 2026-03-28", "Sun 2026-03-29", "Mon 2026-03-30"]
    assert rows[0].cells is None
    assert rows[1].cells is not None and rows[1].cells[:2] == ("500 (25%)", "–")
    assert rows[2].cells is not None and rows[2].cells[:2] == ("–", "none")


def test_clean_name_and_period_line() -> None:
    assert clean_name(" Ana\u202e\n María ") == "Ana María"
    assert period_line(END_DATE, 1) == "Mon 2026-03-30 to Mon 2026-03-30 (1 day)"


def test_subject_defaults() -> None:
    subject = ReportSubject(display_name="Sam")
    assert subject.water_goal_ml == 2000 and subject.time_zone == "UTC"


def test_a_goal_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="water_goal_ml"):
        ReportSubject(display_name="Sam", water_goal_ml=0)
