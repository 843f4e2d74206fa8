"""The /report PDF: it opens, fits one or two pages, and says what happened and when."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader

from handlers.reports.chart import render_history_chart
from handlers.reports.model import AssessmentSummary, DaySummary, ReportSubject, in_window
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


def test_red_flags_are_listed_with_their_dates(typical_pdf: bytes, tmp_path: Path) -> None:
    _, text = read(typical_pdf, tmp_path)
    section = text[text.index("Red flags Date Red flag") :]
    for date, label in (
        ("Sat 2026-03-14", "Blood in urine"),
        ("Wed 2026-03-25", "Fever or chills"),
        ("Wed 2026-03-25", "Sharp pain in the side"),
        ("Sun 2026-03-29", "Numbness in groin, buttocks or inner thighs"),
    ):
        assert f"{date} {label}" in section


def test_assessments_show_level_rules_and_reason_in_local_time(
    typical_pdf: bytes, tmp_path: Path
) -> None:
    _, text = read(typical_pdf, tmp_path)
    for rule_id in ("blood_in_urine", "kidney_infection", "renal_colic", "cauda_equina"):
        assert rule_id in text
    # 18:31 UTC on the day after Berlin moved to summer time is 20:31 local.
    assert "Sun 2026-03-29 20:31 Emergency cauda_equina Numbness in the groin" in text
    assert "General information" in text and "not a diagnosis" in text


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
    assert "rhabdomyolysis" not in text
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
