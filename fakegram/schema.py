"""Check Bot API calls and results against the Bot API 10.1 schema shipped as package data.

Form-encoded and multipart requests carry every non-string value JSON-encoded (that is how
python-telegram-bot and most clients send them), so a form value is decoded by the type the
schema expects: ``"123"`` is an Integer for ``chat_id`` but stays a String for ``text``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

SCHEMA_FILE = "botapi-10.1.json"

_INTEGER = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_ATTACH = "attach://"
# Families whose ``type`` field is not simply the subtype's name in snake_case.
_NO_TYPE_TAG = frozenset({"PassportElementError", "RichBlock", "RichText"})


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field_name: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Field:
    """One parameter of a method or one field of a type."""

    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    """A Bot API method: its parameters and what it returns."""

    name: str
    fields: Mapping[str, Field]
    returns: tuple[str, ...]


class SchemaViolationError(ValueError):
    """A call that the Bot API schema does not allow; ``problems`` lists every reason."""

    def __init__(self, method: str, problems: Sequence[str]) -> None:
        super().__init__(f"{method}: " + "; ".join(problems))
        self.method = method
        self.problems = tuple(problems)


class _Mismatch(Exception):
    """A value that does not fit the expected type (internal).

    ``depth`` grows with every level the value matched before failing, so that for a union the
    most plausible alternative's reason is reported.
    """

    def __init__(self, message: str, depth: int = 0) -> None:
        super().__init__(message)
        self.depth = depth


def _fields(raw: Sequence[Mapping[str, Any]]) -> dict[str, Field]:
    return {f["name"]: Field(f["name"], tuple(f["types"]), bool(f["required"])) for f in raw}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _type_tags(types: Mapping[str, Any]) -> dict[str, str]:
    """The ``type`` value each subtype must carry, e.g. BotCommandScopeChat -> "chat"."""
    tags: dict[str, str] = {}
    for family, spec in types.items():
        if family in _NO_TYPE_TAG:
            continue
        for subtype in spec.get("subtypes") or ():
            fields = {f["name"]: f for f in types.get(subtype, {}).get("fields", ())}
            if subtype.startswith(family) and fields.get("type", {}).get("required"):
                tags[subtype] = _snake(subtype.removeprefix(family).replace("Cached", ""))
    return tags


def _describe(value: object) -> str:
    text = json.dumps(value, default=repr) if not isinstance(value, UploadedFile) else "a file"
    return text if len(text) <= 40 else text[:37] + "..."


class BotApiSchema:
    """The methods and types of one Bot API version, and the checks built on them."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data["version"]
        self.methods: dict[str, MethodSpec] = {
            name: MethodSpec(name, _fields(spec["fields"]), tuple(spec["returns"]))
            for name, spec in data["methods"].items()
        }
        self._by_lower = {name.lower(): spec for name, spec in self.methods.items()}
        self._types: dict[str, dict[str, Field]] = {
            name: _fields(spec["fields"]) for name, spec in data["types"].items()
        }
        self._subtypes: dict[str, tuple[str, ...]] = {
            name: tuple(spec["subtypes"])
            for name, spec in data["types"].items()
            if spec.get("subtypes")
        }
        self._type_tags = _type_tags(data["types"])

    def method(self, name: str) -> MethodSpec | None:
        """The method called ``name``, matched case-insensitively as Telegram does."""
        return self._by_lower.get(name.lower())

    def check_call(
        self,
        method: MethodSpec,
        params: Mapping[str, object],
        *,
        form: bool,
        files: Mapping[str, UploadedFile] | None = None,
    ) -> dict[str, object]:
        """Decode and check a call's parameters; raise SchemaViolationError on any problem."""
        files = files or {}
        problems: list[str] = []
        decoded: dict[str, object] = {}
        for name, value in params.items():
            field = method.fields.get(name)
            if field is None:
                if not (isinstance(value, UploadedFile) and name in files):
                    problems.append(f'unknown parameter "{name}"')
                continue
            if value is None:
                continue
            try:
                decoded[name] = self._decode(value, field.types, form=form, files=files)
            except _Mismatch as exc:
                problems.append(f'parameter "{name}": {exc}')
        for field in method.fields.values():
            if field.required and field.name not in decoded and field.name not in params:
                problems.append(f'missing required parameter "{field.name}"')
        if problems:
            raise SchemaViolationError(method.name, problems)
        return decoded

    def check_result(self, method: MethodSpec, result: object) -> list[str]:
        """Problems that make ``result`` unlike what ``method`` returns (empty when fine)."""
        try:
            self._decode(result, method.returns, form=False, files={})
        except _Mismatch as exc:
            return [f"{method.name} result: {exc}"]
        return []

    def check_object(self, type_name: str, value: object) -> list[str]:
        """Problems that make ``value`` unlike an object of ``type_name`` (empty when fine)."""
        try:
            self._decode(value, (type_name,), form=False, files={})
        except _Mismatch as exc:
            return [f"{type_name}: {exc}"]
        return []

    def _decode(
        self,
        value: object,
        types: Sequence[str],
        *,
        form: bool,
        files: Mapping[str, UploadedFile],
    ) -> object:
        if "InputFile" in types and isinstance(value, str) and value.startswith(_ATTACH):
            types = ("InputFile",)  # an attach:// reference must name a file part
        failures: list[_Mismatch] = []
        for type_name in types:
            try:
                return self._decode_one(value, type_name, form=form, files=files)
            except _Mismatch as exc:
                failures.append(exc)
        best = max(failures, key=lambda failure: failure.depth)
        if len(failures) == 1 or best.depth > 0:
            raise best
        expected = " or ".join(types)
        raise _Mismatch(f"expected {expected}, got {_describe(value)} ({best})")

    def _decode_one(
        self,
        value: object,
        type_name: str,
        *,
        form: bool,
        files: Mapping[str, UploadedFile],
    ) -> object:
        if form and isinstance(value, str):
            return self._decode_form_string(value, type_name, files=files)
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise _Mismatch(f"expected {type_name}, got {_describe(value)}")
            item_type = type_name.removeprefix("Array of ")
            decoded = []
            for index, item in enumerate(value):
                try:
                    decoded.append(self._decode(item, (item_type,), form=False, files=files))
                except _Mismatch as exc:
                    raise _Mismatch(f"item {index}: {exc}", exc.depth) from None
            return decoded
        return self._decode_scalar_or_object(value, type_name, files=files)

    def _decode_form_string(
        self, value: str, type_name: str, *, files: Mapping[str, UploadedFile]
    ) -> object:
        if type_name == "String":
            return value
        if type_name == "Integer":
            if _INTEGER.fullmatch(value):
                return int(value)
        elif type_name == "Float":
            if _FLOAT.fullmatch(value):
                return float(value)
        elif type_name == "Boolean":
            lowered = value.lower()
            if lowered in ("true", "false", "1", "0"):
                return lowered in ("true", "1")
        elif type_name == "InputFile":
            return self._decode_scalar_or_object(value, type_name, files=files)
        else:
            try:
                parsed = json.loads(value)
            except ValueError:
                raise _Mismatch(f"expected JSON-encoded {type_name}, got {value[:40]!r}") from None
            return self._decode_one(parsed, type_name, form=False, files=files)
        raise _Mismatch(f"expected {type_name}, got {value[:40]!r}")

    def _decode_scalar_or_object(
        self, value: object, type_name: str, *, files: Mapping[str, UploadedFile]
    ) -> object:
        if type_name == "Integer" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if type_name == "Float" and isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if type_name == "Boolean" and isinstance(value, bool):
            return value
        if type_name == "String" and isinstance(value, str):
            return value
        if type_name == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            if isinstance(value, str) and value.startswith(_ATTACH):
                attached = files.get(value.removeprefix(_ATTACH))
                if attached is None:
                    raise _Mismatch(f"no file part named by {value!r}")
                return attached
            raise _Mismatch(f"expected an uploaded file, got {_describe(value)}")
        if type_name in self._subtypes:
            return self._decode(value, self._subtypes[type_name], form=False, files=files)
        fields = self._types.get(type_name)
        if fields is None:
            raise _Mismatch(f"expected {type_name}, got {_describe(value)}")
        if not isinstance(value, dict):
            raise _Mismatch(f"expected {type_name} object, got {_describe(value)}")
        return self._decode_object(value, type_name, fields, files=files)

    def _decode_object(
        self,
        value: Mapping[str, object],
        type_name: str,
        fields: Mapping[str, Field],
        *,
        files: Mapping[str, UploadedFile],
    ) -> dict[str, object]:
        decoded: dict[str, object] = {}
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                raise _Mismatch(f'{type_name} has no field "{key}"')
            if item is None:
                continue
            try:
                decoded[key] = self._decode(item, field.types, form=False, files=files)
            except _Mismatch as exc:
                raise _Mismatch(f"{type_name}.{key}: {exc}", exc.depth + 2) from None
        tag = self._type_tags.get(type_name)
        if tag is not None and decoded.get("type") != tag:
            raise _Mismatch(f'{type_name}.type must be "{tag}"')
        missing = [f.name for f in fields.values() if f.required and f.name not in decoded]
        if missing:
            raise _Mismatch(f"{type_name} lacks required field(s) {', '.join(missing)}", 1)
        return decoded


@functools.cache
def load_schema() -> BotApiSchema:
    """The Bot API schema shipped with this package (loaded once)."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return BotApiSchema(json.loads(text))
