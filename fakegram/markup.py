"""Turn a message's text and parse_mode into plain text and entities, the way Telegram does.

HTML follows TDLib's ``parse_html`` (the same tags, attribute rules and error descriptions);
MarkdownV2 and legacy Markdown are close approximations. Offsets and lengths of entities are
in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re

from fakegram.htmlmode import parse_html
from fakegram.markdown import parse_markdown, parse_markdown_v2
from fakegram.textutil import EntityParseError, FormattedText, utf16_len

__all__ = [
    "EntityParseError",
    "FormattedText",
    "command_entities",
    "format_text",
    "parse_html",
    "trim",
    "utf16_len",
]

_COMMAND = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


def trim(formatted: FormattedText) -> FormattedText:
    """Drop leading and trailing whitespace as Telegram does, keeping entities aligned."""
    text = formatted.text
    stripped_left = text.lstrip()
    left = utf16_len(text[: len(text) - len(stripped_left)])
    result = stripped_left.rstrip()
    total = utf16_len(result)
    entities: list[dict[str, object]] = []
    for entity in formatted.entities:
        start = max(int(str(entity["offset"])) - left, 0)
        end = min(int(str(entity["offset"])) + int(str(entity["length"])) - left, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(result, entities)


def format_text(
    text: str, parse_mode: str | None, entities: list[dict[str, object]] | None = None
) -> FormattedText:
    """What Telegram shows for ``text`` sent with ``parse_mode`` (or explicit ``entities``)."""
    if entities is not None or not parse_mode:
        return trim(FormattedText(text, list(entities or [])))
    mode = parse_mode.lower()
    if mode == "html":
        return trim(parse_html(text))
    if mode == "markdownv2":
        return trim(parse_markdown_v2(text))
    if mode == "markdown":
        return trim(parse_markdown(text))
    raise ValueError(f"unsupported parse_mode {parse_mode!r}")


def command_entities(text: str) -> list[dict[str, object]]:
    """The ``bot_command`` entities Telegram adds to a person's text."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: match.start()]),
            "length": utf16_len(match.group()),
        }
        for match in _COMMAND.finditer(text)
    ]
