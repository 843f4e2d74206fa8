"""Small text vocabulary shared by the formatting parsers: formatted text, errors, UTF-16."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


class EntityParseError(ValueError):
    """Telegram could not parse the formatting; the message is Telegram's own description."""


@dataclass(frozen=True)
class FormattedText:
    """Plain text plus Bot API ``MessageEntity`` dicts (offsets in UTF-16 code units)."""

    text: str
    entities: list[dict[str, object]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def normalize_url(url: str) -> str | None:
    """Telegram's spelling of a link target, or None when it is not a usable URL."""
    candidate = url.strip()
    if not candidate:
        return None
    if "://" not in candidate and not candidate.startswith(("tg:", "mailto:")):
        candidate = "http://" + candidate
    parts = urlsplit(candidate)
    if parts.scheme in ("http", "https", "ftp", "tonsite"):
        host = parts.hostname or ""
        if "." not in host and host != "localhost":
            return None
        return candidate if parts.path else candidate.replace(parts.netloc, parts.netloc + "/", 1)
    return candidate if parts.scheme in ("tg", "mailto") else None
