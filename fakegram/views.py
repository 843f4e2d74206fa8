"""Read-only views of chat messages as a person sees them, for assertions in tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from fakegram.state import StoredFile, StoredMessage


class Button(NamedTuple):
    """An inline button: its label and its callback_data (or URL for a link button)."""

    text: str
    value: str | None


@dataclass(frozen=True)
class ChatMessage:
    """One message as shown in the chat (edits applied).

    ``text`` is the plain text after entity parsing, or the caption of a media message;
    ``source_text`` is what the bot sent, markup included.
    """

    message_id: int
    from_bot: bool
    kind: str
    text: str | None
    caption: str | None
    source_text: str | None
    entities: list[dict[str, Any]]
    buttons: list[list[Button]]
    reply_keyboard: list[list[str]] | None
    photo: bytes | None
    document: bytes | None
    file_name: str | None
    mime_type: str | None
    location: tuple[float, float] | None
    edited: bool
    revision: int
    sequence: int
    raw: dict[str, Any] = field(repr=False)

    @property
    def all_buttons(self) -> list[Button]:
        """Every inline button, row by row."""
        return [button for row in self.buttons for button in row]

    def find_button(self, label: str) -> Button | None:
        """The button whose text, or else whose callback_data, is ``label``."""
        for button in self.all_buttons:
            if button.text == label:
                return button
        return next((b for b in self.all_buttons if b.value == label), None)

    def is_link_button(self, button: Button) -> bool:
        """Whether ``button`` opens a URL instead of sending callback data."""
        rows = self.raw.get("reply_markup", {}).get("inline_keyboard", [])
        return any(b.get("text") == button.text and "url" in b for row in rows for b in row)


_KINDS = ("text", "photo", "document", "voice", "sticker", "location")


def _buttons(data: Mapping[str, Any]) -> list[list[Button]]:
    rows = data.get("reply_markup", {}).get("inline_keyboard", [])
    return [[Button(b["text"], b.get("callback_data", b.get("url"))) for b in row] for row in rows]


def _reply_keyboard(markup: Mapping[str, Any] | None) -> list[list[str]] | None:
    if not markup or "keyboard" not in markup:
        return None
    return [[b if isinstance(b, str) else b["text"] for b in row] for row in markup["keyboard"]]


def message_view(stored: StoredMessage, files: Mapping[str, StoredFile]) -> ChatMessage:
    """The person's view of a stored message."""
    data = stored.data
    kind = next((k for k in _KINDS if k in data), "other")
    media: Any = data.get(kind)
    file_id = None
    if kind == "photo":
        file_id = media[-1]["file_id"]
    elif isinstance(media, dict):
        file_id = media.get("file_id")
    stored_file = files.get(file_id) if file_id else None
    caption = data.get("caption")
    location = data.get("location")
    return ChatMessage(
        message_id=stored.message_id,
        from_bot=stored.from_bot,
        kind=kind,
        text=data.get("text", caption),
        caption=caption,
        source_text=stored.source_text,
        entities=list(data.get("entities") or data.get("caption_entities") or []),
        buttons=_buttons(data),
        reply_keyboard=_reply_keyboard(stored.reply_keyboard),
        photo=stored_file.data if stored_file and kind == "photo" else None,
        document=stored_file.data if stored_file and kind == "document" else None,
        file_name=stored_file.file_name if stored_file else None,
        mime_type=stored_file.mime_type if stored_file else None,
        location=(location["latitude"], location["longitude"]) if location else None,
        edited="edit_date" in data,
        revision=stored.revision,
        sequence=stored.sequence,
        raw=data,
    )


def describe(message: ChatMessage) -> str:
    """One readable line (or a few) for transcripts and the terminal."""
    if message.kind == "text":
        body = message.text or ""
    elif message.kind in ("photo", "document"):
        size = len(message.photo or message.document or b"")
        name = f"{message.file_name}, " if message.file_name else ""
        body = f"[{message.kind}: {name}{size} bytes]"
        body += f" {message.caption}" if message.caption else ""
    elif message.location is not None:
        body = f"[location: {message.location[0]}, {message.location[1]}]"
    else:
        body = f"[{message.kind}]" + (f" {message.caption}" if message.caption else "")
    return body
