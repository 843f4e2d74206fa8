"""Every word a person reads, one gettext catalog per language, looked up by key.

`texts_for(language)` gives a `Texts`; `Texts.get("checkin.how_was_today")` takes a key that
mypy checks against the English catalog (`i18n.keys.MessageKey`), `Texts.lookup(...)` a key
built from an engine id at run time. This package imports nothing else of ours: the engine,
the handlers and the reminders all use it. See docs/texts.md.
"""

from i18n.catalog import (
    DEFAULT_LANGUAGE,
    Texts,
    add_locale_dir,
    available_languages,
    language_code,
    texts_for,
)
from i18n.keys import MessageKey

__all__ = [
    "DEFAULT_LANGUAGE",
    "MessageKey",
    "Texts",
    "add_locale_dir",
    "available_languages",
    "language_code",
    "texts_for",
]
