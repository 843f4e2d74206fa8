"""The report's fonts: DejaVu Sans for most scripts, Noto Sans CJK for the names it lacks.

DejaVu Sans comes with matplotlib. Noto Sans CJK (Chinese, Japanese and Korean) comes from the
optional `noto-cjk-sans-jp-regular` package and is loaded only when a text needs it: the file is
16 MB and takes a moment to read. Without it, characters DejaVu lacks show as "?".
"""

from __future__ import annotations

import logging
import unicodedata
from functools import cache
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import TTFFont

logger = logging.getLogger(__name__)

FONT = "DejaVu"
CJK_FONT = "NotoCJK"
_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def cjk_font_path() -> Path | None:
    """Where Noto Sans CJK is installed, or None when the optional package is missing."""
    try:
        from noto_cjk_sans_jp_regular import FONT_PATH
    except ImportError:
        logger.info("noto-cjk-sans-jp-regular is not installed: CJK names print as '?'")
        return None
    path = Path(str(FONT_PATH))
    return path if path.is_file() else None


def add_fonts(pdf: FPDF, texts_to_print: str) -> None:
    """Add DejaVu Sans (regular, bold) and, when `texts_to_print` needs it, the CJK fallback."""
    pdf.add_font(FONT, "", _FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT, "B", _FONT_DIR / "DejaVuSans-Bold.ttf")
    main = _cmap(pdf, FONT)
    lacking = {ch for ch in texts_to_print if ord(ch) not in main and not ch.isspace()}
    path = cjk_font_path()
    if not lacking or path is None:
        return
    pdf.add_font(CJK_FONT, "", path)
    if lacking & {chr(c) for c in _cmap(pdf, CJK_FONT)}:
        # exact_match=False: the regular CJK face also stands in for bold.
        pdf.set_fallback_fonts([CJK_FONT], exact_match=False)


def _cmap(pdf: FPDF, family: str) -> dict[int, int] | dict[int, str]:
    font = pdf.fonts.get(family.lower())
    return font.cmap if isinstance(font, TTFFont) else {}


def printable(pdf: FPDF, text: str) -> str:
    """Drop symbols no font has (emoji) and show other missing characters as "?"."""
    known = [_cmap(pdf, FONT)]
    if CJK_FONT.lower() in pdf.fonts:
        known.append(_cmap(pdf, CJK_FONT))

    def shown(ch: str) -> str:
        if ch.isspace() or any(ord(ch) in cmap for cmap in known):
            return ch
        return "" if unicodedata.category(ch).startswith("S") else "?"

    return " ".join("".join(map(shown, text)).split()) or "?"
