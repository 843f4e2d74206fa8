"""A pseudo-locale made from the English catalog: every text wrapped in ⟦…⟧ with its letters
accented, placeholders and HTML tags kept. A person who reads a plain English word in a run
under it has met a string that did not come from the catalogs."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from i18n.catalog import LOCALES, catalog_path

PSEUDO = "eo"  # a real code Babel knows (for plural rules) that we ship no catalog for
_ACCENTED = str.maketrans(
    "aceinorsuyACEINORSUY",
    "àçéîñöŕšûýÀÇÉÎÑÖŔŠÛÝ",
)
# Kept as they are: {placeholders}, <tags>, &entities; and /commands (Telegram's names).
_KEEP = re.compile(r"(\{[a-z_]+\}|<[^>]+>|&[a-z]+;|/[a-z_]+)")


def pseudo_text(text: str) -> str:
    """`Hello {name}` -> `⟦Hélló {name}⟧`."""
    parts = _KEEP.split(text)
    accented = "".join(p if _KEEP.fullmatch(p) else p.translate(_ACCENTED) for p in parts)
    return f"⟦{accented}⟧"


def write_pseudo_locale(root: Path) -> Path:
    """Write the pseudo-locale's catalog under `root`; the folder to hand to add_locale_dir."""
    with catalog_path("en", LOCALES).open("rb") as po:
        english = read_po(po, locale="en")
    pseudo = Catalog(locale=PSEUDO, fuzzy=False)
    for message in english:
        if message.id:
            pseudo.add(message.id, pseudo_text(str(message.string)), flags=message.flags)
    path = catalog_path(PSEUDO, root)
    path.parent.mkdir(parents=True)
    with path.open("wb") as out:
        write_po(out, pseudo)
    return root
