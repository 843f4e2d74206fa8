"""Every call is checked against the Bot API schema; bad calls get 400 and are recorded."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from fakegram import LocalBotApi
from fakegram.schema import SchemaViolationError, UploadedFile, load_schema


@pytest.fixture
async def http(local_api: LocalBotApi) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client for the server's API root of the default bot."""
    async with httpx.AsyncClient(base_url=f"{local_api.base_url}{local_api.token}/") as client:
        yield client


def _expect_violation(local_api: LocalBotApi, problem: str) -> None:
    assert len(local_api.schema_violations) == 1, local_api.schema_violations
    assert problem in str(local_api.schema_violations[0])
    local_api.schema_violations.clear()  # seen on purpose; the fixture checks the rest


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"text": "hi"}, 'missing required parameter "chat_id"'),
        ({"chat_id": 1, "text": "hi", "colour": "red"}, 'unknown parameter "colour"'),
        ({"chat_id": 1, "text": "hi", "disable_notification": "maybe"}, "expected Boolean"),
        ({"chat_id": 1.5, "text": "hi"}, 'parameter "chat_id"'),
        (
            {"chat_id": 1, "text": "hi", "reply_markup": {"inline_keyboard": [[{}]]}},
            "lacks required field(s) text",
        ),
    ],
)
async def test_bad_json_calls_are_rejected_and_recorded(
    local_api: LocalBotApi, http: httpx.AsyncClient, params: dict[str, object], problem: str
) -> None:
    response = await http.post("sendMessage", json=params)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error_code"] == 400
    assert body["description"].startswith("Bad Request: ")
    _expect_violation(local_api, problem)


async def test_form_values_are_decoded_by_the_expected_type(
    local_api: LocalBotApi, http: httpx.AsyncClient
) -> None:
    local_api.user(5).send_text("/start")
    markup = json.dumps({"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]})
    response = await http.post(
        "sendMessage", data={"chat_id": "5", "text": "123", "reply_markup": markup}
    )
    result = response.json()["result"]
    assert (result["chat"]["id"], result["text"]) == (5, "123")
    assert result["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "y"

    response = await http.get(
        "sendMessage", params={"chat_id": "5", "text": "hi", "reply_markup": "{oops"}
    )
    assert response.status_code == 400
    _expect_violation(local_api, "expected JSON-encoded")


async def test_unknown_methods_and_tokens_answer_like_telegram(
    local_api: LocalBotApi, http: httpx.AsyncClient
) -> None:
    assert (await http.post("getme")).json()["result"]["is_bot"] is True  # any case, like Telegram
    response = await http.post("sendMessagee", json={})
    assert (response.status_code, response.json()["description"]) == (404, "Not Found")
    _expect_violation(local_api, "unknown method")
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{local_api.base_url}123:wrong/getMe")
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_a_multipart_upload_is_an_input_file(
    local_api: LocalBotApi, http: httpx.AsyncClient
) -> None:
    local_api.user(5).send_text("/start")
    files = {"document": ("notes.txt", b"hello", "text/plain")}
    response = await http.post("sendDocument", data={"chat_id": "5"}, files=files)
    document = response.json()["result"]["document"]
    assert document["file_name"] == "notes.txt"
    assert local_api.files[document["file_id"]].data == b"hello"


def test_schema_knows_methods_types_and_unions() -> None:
    schema = load_schema()
    send = schema.method("SENDMESSAGE")
    assert send is not None and send.name == "sendMessage"
    decoded = schema.check_call(
        send,
        {"chat_id": "@channel", "text": "true", "reply_markup": '{"force_reply": true}'},
        form=True,
    )
    assert decoded == {"chat_id": "@channel", "text": "true", "reply_markup": {"force_reply": True}}
    scope = schema.method("setMyCommands")
    assert scope is not None
    with pytest.raises(SchemaViolationError, match="BotCommandScope"):
        schema.check_call(
            scope,
            {"commands": [], "scope": {"type": "chat"}},  # chat scope needs chat_id
            form=False,
        )
    photo = schema.method("sendPhoto")
    assert photo is not None
    upload = UploadedFile("photo", "a.png", "image/png", b"x")
    assert (
        schema.check_call(
            photo, {"chat_id": 1, "photo": upload}, form=True, files={"photo": upload}
        )["photo"]
        is upload
    )
    with pytest.raises(SchemaViolationError, match="no file part"):
        schema.check_call(photo, {"chat_id": 1, "photo": "attach://nothing"}, form=True)
