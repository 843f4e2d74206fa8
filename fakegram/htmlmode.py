"""Telegram's HTML parse mode, following TDLib's ``parse_html``: the same tags, attribute
rules, entity decoding and error descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fakegram.textutil import EntityParseError, FormattedText, normalize_url, utf16_len

_SPACE = " \t\r\n\v\f\0"
_TAGS = {
    "a": "text_link",
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")


@dataclass
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    text_index: int
    expandable: bool = False
    attrs: dict[str, str] = field(default_factory=dict)


def _decode_entity(text: str, pos: int) -> tuple[str, int] | None:
    """Decode the HTML entity at ``pos`` like TDLib: only four names, ``;`` optional."""
    end = pos + 1
    if end < len(text) and text[end] == "#":
        end += 1
        hexadecimal = end < len(text) and text[end] in "xX"
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        end += hexadecimal
        start = end
        while end < len(text) and text[end] in digits:
            end += 1
        if end == start or end - pos >= 10:
            return None
        code = int(text[start:end], 16 if hexadecimal else 10)
        if code == 0 or code >= 0x10FFFF:
            return None
        if 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        value = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        if text[pos + 1 : end] not in _NAMED:
            return None
        value = _NAMED[text[pos + 1 : end]]
    if end < len(text) and text[end] == ";":
        end += 1
    return value, end


class _HtmlParser:
    """One pass over an HTML-formatted text (TDLib's algorithm)."""

    def __init__(self, markup: str) -> None:
        self.text = markup
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, object]] = []

    def byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8"))

    def at(self, pos: int) -> str:
        return self.text[pos] if pos < len(self.text) else "\0"

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.utf16 += utf16_len(chunk)

    def run(self) -> FormattedText:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "&" and (decoded := _decode_entity(self.text, self.pos)) is not None:
                self.emit(decoded[0])
                self.pos = decoded[1]
            elif char != "<":
                self.emit(char)
                self.pos += 1
            elif self.at(self.pos + 1) == "/":
                self.end_tag()
            else:
                self.start_tag()
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        for entity in self.entities:
            entity.pop("_language", None)
        return FormattedText("".join(self.out), _sorted(self.entities))

    def skip_space(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in _SPACE:
            pos += 1
        return pos

    def start_tag(self) -> None:
        begin = self.pos
        pos = begin + 1
        while pos < len(self.text) and self.text[pos] not in _SPACE and self.text[pos] != ">":
            pos += 1
        if pos >= len(self.text):
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = self.text[begin + 1 : pos].lower()
        if name not in _TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        tag = _OpenTag(name, "", self.utf16, len(self.out))
        self.pos = self.read_attributes(tag, pos, begin) + 1
        if name == "span" and tag.attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append(tag)

    def read_attributes(self, tag: _OpenTag, pos: int, begin: int) -> int:
        """Read attributes up to the closing ``>`` and return its position."""
        while True:
            pos = self.skip_space(pos)
            if pos >= len(self.text):
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
                )
            if self.text[pos] == ">":
                return pos
            name_start = pos
            while pos < len(self.text) and self.text[pos] not in _SPACE + "=>/\"'":
                pos += 1
            attr = self.text[name_start:pos].lower()
            if not attr:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag.name}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            pos = self.skip_space(pos)
            if self.at(pos) != "=":
                tag.expandable |= tag.name == "blockquote" and attr == "expandable"
                continue
            pos = self.skip_space(pos + 1)
            if pos >= len(self.text):
                raise EntityParseError(
                    f'Unclosed start tag "{tag.name}" at byte offset {self.byte_offset(begin)}'
                )
            value, pos = self.read_value(pos)
            if pos >= len(self.text):
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
                )
            tag.attrs[attr] = value
            tag.expandable |= tag.name == "blockquote" and attr == "expandable"

    def read_value(self, pos: int) -> tuple[str, int]:
        quote = self.text[pos]
        if quote not in "\"'":
            token = _NAME_TOKEN.match(self.text, pos)
            end = token.end() if token else pos
            if self.at(end) not in _SPACE and self.at(end) != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(pos)}"
                )
            return self.text[pos:end].lower(), end
        pos += 1
        chars: list[str] = []
        while pos < len(self.text) and self.text[pos] != quote:
            if self.text[pos] == "&" and (decoded := _decode_entity(self.text, pos)):
                chars.append(decoded[0])
                pos = decoded[1]
            else:
                chars.append(self.text[pos])
                pos += 1
        return "".join(chars), pos + 1 if pos < len(self.text) else pos

    def end_tag(self) -> None:
        begin = self.pos
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        pos = begin + 2
        while pos < len(self.text) and self.text[pos] not in _SPACE and self.text[pos] != ">":
            pos += 1
        end_name = self.text[begin + 2 : pos].lower()
        pos = self.skip_space(pos)
        if self.at(pos) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag = self.stack.pop()
        if end_name and end_name != tag.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{end_name}>"'
            )
        self.pos = pos + 1
        self.close(tag)

    def close(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.utf16_offset
        if length == 0:
            return
        entity: dict[str, object] = {
            "type": _TAGS[tag.name],
            "offset": tag.utf16_offset,
            "length": length,
        }
        if tag.name == "a":
            url = normalize_url(tag.attrs.get("href") or "".join(self.out[tag.text_index :]))
            if url is None:
                return
            entity["url"] = url
        elif tag.name == "tg-emoji":
            emoji_id = tag.attrs.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise EntityParseError("Invalid custom emoji identifier specified")
            entity["custom_emoji_id"] = emoji_id
        elif tag.name == "blockquote" and tag.expandable:
            entity["type"] = "expandable_blockquote"
        elif tag.name in ("code", "pre"):
            self.close_code(tag, entity)
            return
        self.entities.append(entity)

    def close_code(self, tag: _OpenTag, entity: dict[str, object]) -> None:
        """Merge ``<pre><code class="language-x">`` into one pre entity, as TDLib does."""
        css = tag.attrs.get("class", "")
        language = css.removeprefix("language-") if css.startswith("language-") else ""
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (
            entity["offset"],
            entity["length"],
        )
        if last is not None and same_span:
            if tag.name == "code" and last["type"] == "pre" and language:
                last["language"] = language
                return
            if tag.name == "pre" and last["type"] == "code" and last.get("_language"):
                last["type"] = "pre"
                last["language"] = last.pop("_language")
                return
        if tag.name == "code" and language:
            entity["_language"] = language
        self.entities.append(entity)


_ORDER = ["blockquote", "expandable_blockquote", "pre", "code", "bold", "italic", "underline"]


def _sorted(entities: list[dict[str, object]]) -> list[dict[str, object]]:
    def key(entity: dict[str, object]) -> tuple[int, int, int]:
        kind = str(entity["type"])
        rank = _ORDER.index(kind) if kind in _ORDER else len(_ORDER)
        return int(str(entity["offset"])), -int(str(entity["length"])), rank

    return sorted(entities, key=key)


def parse_html(markup: str) -> FormattedText:
    """Plain text and entities of an HTML-formatted text; raise EntityParseError if invalid."""
    return _HtmlParser(markup).run()
