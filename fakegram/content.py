"""Build message content from call parameters the way Telegram checks and stores it."""

from __future__ import annotations

import mimetypes
import struct
from typing import Any

from fakegram.calls import Call
from fakegram.errors import bad_request
from fakegram.markup import format_text
from fakegram.schema import UploadedFile
from fakegram.state import ChatState, JsonDict, StoredFile
from fakegram.textutil import EntityParseError, normalize_url

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF", b"BM")


def formatted_text(call: Call, *, caption: bool = False) -> JsonDict:
    """``text``/``entities`` (or ``caption``/``caption_entities``) as Telegram stores them."""
    key = "caption" if caption else "text"
    raw = call.text(key)
    if raw is None:
        return {}
    entities = call.params.get(f"{key}_entities" if caption else "entities")
    try:
        formatted = format_text(
            raw, call.text("parse_mode"), entities if isinstance(entities, list) else None
        )
    except EntityParseError as exc:
        raise bad_request(f"can't parse entities: {exc}") from None
    except ValueError:
        raise bad_request("unsupported parse_mode") from None
    limit = CAPTION_LIMIT if caption else TEXT_LIMIT
    if not caption and not formatted.text:
        raise bad_request("message text is empty")
    if len(formatted.text) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    content: JsonDict = {key: formatted.text} if formatted.text else {}
    if formatted.entities:
        content[f"{key}_entities" if caption else "entities"] = formatted.entities
    return content


def _check_inline_button(button: JsonDict) -> None:
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if isinstance(data, str) and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if isinstance(url, str) and normalize_url(url) is None:
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def reply_markup(call: Call) -> tuple[JsonDict | None, JsonDict | None]:
    """(inline keyboard for the message JSON, reply keyboard kept aside), checked."""
    markup = call.params.get("reply_markup")
    if not isinstance(markup, dict):
        return None, None
    if "inline_keyboard" in markup:
        rows: list[list[JsonDict]] = markup["inline_keyboard"]
        for row in rows:
            for button in row:
                _check_inline_button(button)
        return {"inline_keyboard": rows} if any(rows) else None, None
    return None, markup


def reply_to(call: Call, chat: ChatState) -> JsonDict:
    """``reply_to_message`` content for ``reply_parameters``, checked against the chat."""
    params = call.params.get("reply_parameters")
    if not isinstance(params, dict):
        return {}
    target_chat = chat
    if "chat_id" in params:
        target_chat = call.state.resolve_chat(params["chat_id"])
    target = target_chat.messages.get(int(params["message_id"]))
    if target is None:
        if params.get("allow_sending_without_reply"):
            return {}
        raise bad_request("message to be replied not found")
    quoted = {k: v for k, v in target.data.items() if k != "reply_to_message"}
    return {"reply_to_message": quoted}


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (a plausible default for other images)."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 9 < len(data):
            if data[pos] != 0xFF:
                break
            marker = data[pos + 1]
            length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return int(width), int(height)
            pos += 2 + length
    return 512, 512


def _guess_extension(file_name: str | None, mime_type: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    return (mimetypes.guess_extension(mime_type) if mime_type else None) or ""


def intake_file(call: Call, name: str, kind: str) -> StoredFile:
    """The file a media parameter names: a fresh upload, a known file_id or an HTTP URL."""
    value: Any = call.params.get(name)
    state = call.state
    if isinstance(value, UploadedFile):
        if not value.data:
            raise bad_request("file must be non-empty")
        if kind == "photo" and not value.data.startswith(_IMAGE_MAGIC):
            raise bad_request("IMAGE_PROCESS_FAILED")
        mime = value.content_type or mimetypes.guess_type(value.filename)[0]
        return state.store_file(
            value.data,
            kind,
            file_name=value.filename if kind in ("document", "audio", "video") else None,
            mime_type=mime,
            extension=_guess_extension(value.filename, mime),
        )
    if isinstance(value, str) and value in state.files:
        return state.files[value]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        file_name = value.rsplit("/", 1)[-1] or None
        return state.store_file(b"", kind, file_name=file_name, extension=".bin")
    raise bad_request("wrong file identifier/HTTP URL specified")
