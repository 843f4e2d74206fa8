"""Every user-facing text, one package per language (English now).

A language is a package with the same modules and names as `en`; `texts_for` picks one by
Telegram's language code and falls back to English. Texts that carry a person's own words
escape them for HTML themselves.
"""

from __future__ import annotations

from types import ModuleType

from handlers.texts import en

LANGUAGES: dict[str, ModuleType] = {"en": en}
DEFAULT_LANGUAGE = "en"


def texts_for(language: str | None) -> ModuleType:
    """The texts for a language code such as "en" or "en-GB"; English when we lack it."""
    code = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return LANGUAGES.get(code, en)
