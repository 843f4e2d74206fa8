"""`checkin-bot assess` and `checkin-bot parse`: the engine on standard input and output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from engine import InputError, assess, parse_input, parse_text
from engine.serialize import answer_to_dict, parse_result_to_dict

EXIT_INVALID = 2


def assess_command(args: argparse.Namespace) -> int:
    """Answer one input, or one input per line with --jsonl."""
    if args.jsonl:
        return _assess_lines(sys.stdin, sys.stdout)
    try:
        answer = _assess_one(_load(sys.stdin.read()))
    except InputError as error:
        print(str(error), file=sys.stderr)
        return EXIT_INVALID
    json.dump(answer, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def parse_command(args: argparse.Namespace) -> int:
    """Print what parse_text finds in the argument, or in each {"text": ...} line."""
    if not args.jsonl:
        if args.text is None:
            print("checkin-bot parse: give TEXT or --jsonl", file=sys.stderr)
            return EXIT_INVALID
        print(json.dumps(parse_result_to_dict(parse_text(args.text)), ensure_ascii=False))
        return 0
    status = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            raw = _load(line)
            if (
                not isinstance(raw, dict)
                or set(raw) != {"text"}
                or not isinstance(raw["text"], str)
            ):
                raise InputError("text", 'expected an object {"text": "..."}')
            out: dict[str, Any] = parse_result_to_dict(parse_text(raw["text"]))
        except InputError as error:
            out, status = {"error": error.to_dict()}, EXIT_INVALID
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return status


def _assess_lines(source: IO[str], sink: IO[str]) -> int:
    status = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    out: list[str] = []
    for line in source:
        if not line.strip():
            continue
        try:
            out.append(dumps(_assess_one(_load(line))))
        except InputError as error:
            out.append(dumps({"error": error.to_dict()}))
            status = EXIT_INVALID
        if len(out) >= 512:
            sink.write("\n".join(out) + "\n")
            out.clear()
    if out:
        sink.write("\n".join(out) + "\n")
    return status


def _assess_one(raw: Any) -> dict[str, Any]:
    return answer_to_dict(assess(parse_input(raw), validate=False))


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("input", f"not valid JSON ({error.msg} at column {error.colno})") from None
