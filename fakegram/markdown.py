"""MarkdownV2 and legacy Markdown parse modes, close enough to Telegram to catch real mistakes.

MarkdownV2 rejects unescaped reserved characters and unclosed entities with Telegram's
descriptions; custom emoji and expandable block quotes are not modelled.
"""

from __future__ import annotations

from fakegram.textutil import EntityParseError, FormattedText, normalize_url, utf16_len

_RESERVED = set("_*[]()~`>#+-=|{}.!")
_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}
_MARKERS = [
    ("||", "spoiler"),
    ("__", "underline"),
    ("*", "bold"),
    ("_", "italic"),
    ("~", "strikethrough"),
]


class _MarkdownV2:
    def __init__(self, markup: str) -> None:
        self.text = markup
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[tuple[str, int, int]] = []  # (type, utf16 offset, byte offset)
        self.entities: list[dict[str, object]] = []
        self.quote_start: int | None = None
        self.link_starts: list[int] = []  # index into ``out`` where each open link began

    def byte_offset(self, pos: int) -> int:
        return len(self.text[:pos].encode("utf-8"))

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.utf16 += utf16_len(chunk)

    def add(self, kind: str, offset: int, **extra: object) -> None:
        if self.utf16 > offset:
            self.entities.append(
                {"type": kind, "offset": offset, "length": self.utf16 - offset, **extra}
            )

    def run(self) -> FormattedText:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            line_start = self.pos == 0 or text[self.pos - 1] == "\n"
            if char == "\\" and self.pos + 1 < len(text):
                self.emit(text[self.pos + 1])
                self.pos += 2
            elif char == ">" and line_start:
                if self.quote_start is None:
                    self.quote_start = self.utf16
                self.pos += 1
            elif char == "`":
                self.code()
            elif char == "[":
                self.stack.append(("text_link", self.utf16, self.byte_offset(self.pos)))
                self.link_starts.append(len(self.out))
                self.pos += 1
            elif char == "]" and self.stack and self.stack[-1][0] == "text_link":
                self.link_target()
            elif marker := next((m for m in _MARKERS if text.startswith(m[0], self.pos)), None):
                self.toggle(marker[1], len(marker[0]))
            elif char in _RESERVED:
                raise EntityParseError(
                    f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                if (
                    char == "\n"
                    and self.quote_start is not None
                    and not text.startswith(">", self.pos + 1)
                ):
                    self.emit(char)
                    self.add("blockquote", self.quote_start)
                    self.quote_start = None
                else:
                    self.emit(char)
                self.pos += 1
        if self.stack:
            kind, _, byte_offset = self.stack[-1]
            raise EntityParseError(
                f"Can't find end of {_NAMES[kind]} entity at byte offset {byte_offset}"
            )
        if self.quote_start is not None:
            self.add("blockquote", self.quote_start)
        self.entities.sort(key=lambda e: (e["offset"], -int(str(e["length"]))))
        return FormattedText("".join(self.out), self.entities)

    def toggle(self, kind: str, width: int) -> None:
        if self.stack and self.stack[-1][0] == kind:
            _, offset, _ = self.stack.pop()
            self.add(kind, offset)
        else:
            self.stack.append((kind, self.utf16, self.byte_offset(self.pos)))
        self.pos += width

    def code(self) -> None:
        text = self.text
        fence = "```" if text.startswith("```", self.pos) else "`"
        begin = self.pos
        self.pos += len(fence)
        language = ""
        if fence == "```":
            newline = text.find("\n", self.pos)
            closing = text.find("```", self.pos)
            if newline != -1 and (closing == -1 or newline < closing):
                language = text[self.pos : newline].strip()
                self.pos = newline + 1
        offset = self.utf16
        while not text.startswith(fence, self.pos):
            if self.pos >= len(text):
                kind = "Pre" if fence == "```" else "Code"
                raise EntityParseError(
                    f"Can't find end of {kind} entity at byte offset {self.byte_offset(begin)}"
                )
            if text[self.pos] == "\\" and self.pos + 1 < len(text):
                self.pos += 1
            self.emit(text[self.pos])
            self.pos += 1
        self.pos += len(fence)
        extra: dict[str, object] = {"language": language} if language else {}
        self.add("pre" if fence == "```" else "code", offset, **extra)

    def link_target(self) -> None:
        _, offset, _ = self.stack.pop()
        label = "".join(self.out[self.link_starts.pop() :])
        self.pos += 1
        if not self.text.startswith("(", self.pos):
            if label_url := normalize_url(label):
                self.add("text_link", offset, url=label_url)
            return
        end = self.pos + 1
        url: list[str] = []
        while end < len(self.text) and self.text[end] != ")":
            if self.text[end] == "\\" and end + 1 < len(self.text):
                end += 1
            url.append(self.text[end])
            end += 1
        if end >= len(self.text):
            raise EntityParseError(
                f"Can't find end of a URL at byte offset {self.byte_offset(self.pos + 1)}"
            )
        self.pos = end + 1
        if target := normalize_url("".join(url)):
            self.add("text_link", offset, url=target)


def parse_markdown_v2(markup: str) -> FormattedText:
    """Plain text and entities of a MarkdownV2 text; raise EntityParseError if invalid."""
    return _MarkdownV2(markup).run()


def parse_markdown(markup: str) -> FormattedText:
    """Plain text and entities of a legacy Markdown text (``*bold*``, ``_italic_``, code)."""
    out: list[str] = []
    entities: list[dict[str, object]] = []
    pos = 0
    kinds = {"*": "bold", "_": "italic", "`": "code", "```": "pre"}
    while pos < len(markup):
        marker = "```" if markup.startswith("```", pos) else markup[pos]
        if marker not in kinds:
            out.append(markup[pos])
            pos += 1
            continue
        end = markup.find(marker, pos + len(marker))
        if end == -1:
            raise EntityParseError(
                "Can't find end of the entity starting at byte offset "
                f"{len(markup[:pos].encode('utf-8'))}"
            )
        inner = markup[pos + len(marker) : end]
        offset = utf16_len("".join(out))
        if inner:
            entities.append({"type": kinds[marker], "offset": offset, "length": utf16_len(inner)})
        out.append(inner)
        pos = end + len(marker)
    return FormattedText("".join(out), entities)
