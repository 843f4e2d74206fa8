"""Reading the .po catalogs (with Babel, at first use, cached) and formatting their messages."""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from babel import Locale
from babel.messages.pofile import read_po

from i18n.keys import MessageKey

DEFAULT_LANGUAGE: Final = "en"
DOMAIN: Final = "messages"
LOCALES: Final = Path(__file__).resolve().parent / "locales"

# Where catalogs are looked for, first match wins: the shipped ones, then any added with
# `add_locale_dir` (a translation kept outside the package, or the tests' pseudo-locale).
_locale_dirs: list[Path] = [LOCALES]


def add_locale_dir(path: Path) -> None:
    """Also look for `<language>/LC_MESSAGES/messages.po` under `path`."""
    if path not in _locale_dirs:
        _locale_dirs.append(path)
        clear_caches()


def remove_locale_dir(path: Path) -> None:
    """Stop looking under `path` (the shipped catalogs always stay)."""
    if path in _locale_dirs and path != LOCALES:
        _locale_dirs.remove(path)
        clear_caches()


def catalog_path(language: str, root: Path = LOCALES) -> Path:
    """Where the .po file of a language lives under a locale folder."""
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def available_languages() -> frozenset[str]:
    """The language codes that have a catalog."""
    return frozenset(
        entry.name
        for root in _locale_dirs
        if root.is_dir()
        for entry in root.iterdir()
        if catalog_path(entry.name, root).is_file()
    )


def read_messages(path: Path) -> dict[str, str]:
    """Key to text of one .po file, every message in it (an empty text is a translation
    still to do: the completeness test reports it)."""
    with path.open("rb") as po:
        catalog = read_po(po)
    messages: dict[str, str] = {}
    for message in catalog:
        if isinstance(message.id, str) and message.id and isinstance(message.string, str):
            messages[message.id] = message.string
    return messages


@cache
def _catalog(language: str) -> Mapping[str, str]:
    for root in _locale_dirs:
        path = catalog_path(language, root)
        if path.is_file():
            return MappingProxyType(read_messages(path))
    return MappingProxyType({})


def language_code(language: str | None) -> str:
    """The catalog language for a code such as "en", "en-GB" or "pt_BR"; English when we
    lack it."""
    if not language:
        return DEFAULT_LANGUAGE
    code = language.replace("_", "-").lower()
    languages = available_languages()
    if code in languages:
        return code
    base = code.split("-")[0]
    return base if base in languages else DEFAULT_LANGUAGE


class Texts:
    """The messages of one language, each by key; English where the language lacks one."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._messages = _catalog(language)
        self._fallback = _catalog(DEFAULT_LANGUAGE)

    def get(self, key: MessageKey, **params: object) -> str:
        """The message `key` with its `{placeholders}` filled in (values used as given)."""
        return self.lookup(key, **params)

    def html(self, key: MessageKey, **params: object) -> str:
        """The message `key` for an HTML message: text values are escaped first, so a person's
        own words or a place name cannot break the markup."""
        return self.lookup(key, **_escaped(params))

    def lookup(self, key: str, **params: object) -> str:
        """Like `get`, for a key built at run time (from an engine id); KeyError when no
        catalog has it."""
        template = self._messages.get(key)
        if not template:  # none, or a translation still to do
            template = self._fallback[key]
        return template.format(**params) if params else template

    def count(self, key: str, n: int, **params: object) -> str:
        """The form of `key` for the number `n`: `<key>.one`, `<key>.other` (and `.few`,
        `.many`... in languages that have them, after CLDR's plural rules); `{n}` is filled."""
        form = f"{key}.{Locale.parse(self.language).plural_form(n)}"
        chosen = form if form in self._messages else f"{key}.other"
        return self.lookup(chosen, n=n, **params)

    def has(self, key: str) -> bool:
        """Whether this language, or English, has `key`."""
        return key in self._messages or key in self._fallback

    def keys_under(self, prefix: str) -> list[str]:
        """Every key starting with `prefix`, in catalog order (English's when it has more)."""
        source = self._fallback if len(self._fallback) > len(self._messages) else self._messages
        return [key for key in source if key.startswith(prefix)]


def _escaped(params: Mapping[str, object]) -> dict[str, object]:
    return {k: html.escape(v) if isinstance(v, str) else v for k, v in params.items()}


@cache
def _texts(language: str) -> Texts:
    return Texts(language)


def texts_for(language: str | None) -> Texts:
    """The texts for a language code such as "en" or "en-GB"; English when we lack it."""
    return _texts(language_code(language))


def clear_caches() -> None:
    """Forget every catalog read so far (after a catalog file changed)."""
    _catalog.cache_clear()
    _texts.cache_clear()
    available_languages.cache_clear()
