"""Every id of the engine's data has its words in every language, and the engine's own answers
(English) are the catalog's words."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from engine import rulebook, stretch_library
from engine.library import advice_library
from engine.vocabulary import FIELDS, vocabulary
from engine.words import stretch_steps
from i18n import texts_for
from i18n.catalog import LOCALES, catalog_path
from storage.models import PERSON_TABLES, table_of

LANGUAGES = sorted(p.name for p in LOCALES.iterdir() if catalog_path(p.name).is_file())


def data(name: str) -> dict[str, Any]:
    text = resources.files("engine.data").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def engine_keys() -> list[str]:
    """Every key the engine's data files name by id."""
    keys: list[str] = []
    for rule in data("rulebook.toml")["rules"]:
        keys += [f"rule.{rule['id']}.message", f"rule.{rule['id']}.why"]
        if rule["level"] != "emergency":
            keys.append(f"rule.{rule['id']}.if_worse")
    keys += [f"advice.{item['id']}" for item in data("advice.toml")["advice"]]
    for stretch in data("stretches.toml")["stretch"]:
        keys += [f"stretch.{stretch['id']}.name", f"stretch.{stretch['id']}.step.1"]
    for field in FIELDS:
        for term_id in data("vocabulary.toml")[field]:
            keys += [f"vocab.{term_id}.label", f"vocab.{term_id}.question"]
    keys += [f"answers.factor.{factor.id}" for factor in rulebook().factors]
    keys += [f"answers.risk_level.{level}" for _, level in rulebook().risk_levels]
    keys += [f"area.{area}" for stretch in stretch_library() for area in stretch.areas]
    return keys


def test_the_data_files_keep_no_words() -> None:
    for rule in data("rulebook.toml")["rules"]:
        assert not {"message", "why", "if_worse"} & set(rule), rule["id"]
    assert not [item for item in data("advice.toml")["advice"] if "text" in item]
    for stretch in data("stretches.toml")["stretch"]:
        assert not {"name", "steps", "caution"} & set(stretch), stretch["id"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_engine_id_has_its_words(language: str) -> None:
    texts = texts_for(language)
    missing = [key for key in engine_keys() if not texts.has(key)]
    assert not missing, f"{language} lacks {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_stretch_has_two_to_five_steps(language: str) -> None:
    for stretch in stretch_library():
        assert 2 <= len(stretch_steps(stretch.id, texts_for(language))) <= 5, stretch.id


def test_every_kind_of_erased_record_has_a_name() -> None:
    texts = texts_for("en")
    for model in PERSON_TABLES:
        assert texts.has(f"data.table.{table_of(model).name}"), table_of(model).name


def test_the_engine_answers_in_the_english_catalog_words() -> None:
    en = texts_for("en")
    for rule in rulebook().rules:
        assert rule.message == en.lookup(f"rule.{rule.id}.message")
        assert rule.why == en.lookup(f"rule.{rule.id}.why")
    assert [a.text for a in advice_library()] == [
        en.lookup(f"advice.{a.id}") for a in advice_library()
    ]
    for field in FIELDS:
        for term in vocabulary().terms[field]:
            assert term.label == en.lookup(f"vocab.{term.id}.label")
