"""HTTP in and out: read a Bot API request's parameters and write Telegram's JSON envelope."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from fakegram.errors import ApiError, bad_request
from fakegram.schema import UploadedFile


@dataclass
class RequestParams:
    """Parameters of one call; ``form`` means string values still need type-directed decoding."""

    params: dict[str, object] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    form: bool = True


async def read_params(request: web.Request) -> RequestParams:
    """Parameters from the query string and a JSON, urlencoded or multipart body."""
    result = RequestParams(params=dict(request.query))
    if request.method != "POST" or not request.body_exists:
        return result
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        return RequestParams(params=body, form=False)
    if content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                upload = UploadedFile(
                    field_name=part.name,
                    filename=part.filename,
                    content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    data=bytes(await part.read()),
                )
                result.files[part.name] = upload
                result.params[part.name] = upload
            else:
                result.params[part.name] = await part.text()
        return result
    form = await request.post()
    result.params.update({key: str(value) for key, value in form.items()})
    return result


def still_connected(request: web.Request) -> bool:
    """Whether the client is still waiting for this answer."""
    transport = request.transport
    return transport is not None and not transport.is_closing()


def envelope_response(body: dict[str, Any], status: int = 200) -> web.Response:
    """A JSON answer in Telegram's envelope."""
    return web.Response(
        status=status,
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
    )


def ok_response(result: object) -> web.Response:
    """``{"ok": true, "result": ...}``."""
    return envelope_response({"ok": True, "result": result})


def error_response(error: ApiError) -> web.Response:
    """``{"ok": false, "error_code": ..., "description": ...}`` with the matching status."""
    return envelope_response(error.envelope(), status=error.error_code)
