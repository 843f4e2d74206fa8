"""The catalogs: complete in every language, placeholders and markup alike, derived files fresh."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from i18n import texts_for
from i18n.catalog import LOCALES, catalog_path, read_messages
from tests.i18n.pseudo import PSEUDO, pseudo_text, write_pseudo_locale

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = sorted(p.name for p in LOCALES.iterdir() if catalog_path(p.name).is_file())
ENGLISH = read_messages(catalog_path("en"))
TAG = re.compile(r"</?[a-z]+>")


def placeholders(text: str) -> set[str]:
    """The `{names}` a message fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_english_is_shipped() -> None:
    assert LANGUAGES == ["en"]
    assert len(ENGLISH) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_message(language: str) -> None:
    messages = read_messages(catalog_path(language))
    missing = sorted(set(ENGLISH) - {key for key, text in messages.items() if text})
    extra = sorted(set(messages) - set(ENGLISH))
    assert not missing, f"{language} lacks {missing}"
    assert not extra, f"{language} has keys English lacks: {extra}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_tags_match_english(language: str) -> None:
    messages = read_messages(catalog_path(language))
    for key, text in messages.items():
        assert placeholders(text) == placeholders(ENGLISH[key]), key
        assert sorted(TAG.findall(text)) == sorted(TAG.findall(ENGLISH[key])), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_a_valid_format_string(language: str) -> None:
    """Babel flags brace formats by the msgid, which is a key here, so we check them ourselves."""
    for key, text in read_messages(catalog_path(language)).items():
        names = placeholders(text)  # raises ValueError on a stray brace
        assert all(name.isidentifier() for name in names), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_babel_finds_no_errors(language: str) -> None:
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    assert [(m.id, errors) for m, errors in catalog.check()] == []


def test_keys_and_template_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "i18n.build", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_missing_language_falls_back_to_english() -> None:
    assert texts_for("xx").language == "en"
    assert texts_for(None).language == "en"
    assert texts_for("en-GB").get("common.button_yes") == ENGLISH["common.button_yes"]


def test_html_escapes_values_get_does_not() -> None:
    t = texts_for("en")
    assert "<b>a &lt;b&gt;</b>" in t.html("answers.suggested_stretch", name="a <b>")
    assert "<b>a <b></b>" in t.get("answers.suggested_stretch", name="a <b>")


def test_pseudo_locale_keeps_placeholders_and_tags(tmp_path: Path) -> None:
    assert pseudo_text("Hi <b>{name}</b>, /help") == "⟦Hî <b>{name}</b>, /help⟧"
    root = write_pseudo_locale(tmp_path)
    pseudo = read_messages(catalog_path(PSEUDO, root))
    assert set(pseudo) == set(ENGLISH)
    for key, text in pseudo.items():
        assert placeholders(text) == placeholders(ENGLISH[key]), key
