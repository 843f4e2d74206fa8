"""`checkin-bot assess` and `checkin-bot parse`: the engine on standard input and output."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import IO, Any

import msgspec

from engine import InputError, assess, parse_input, parse_text
from engine.json_input import assess_json
from engine.serialize import answer_to_dict, parse_result_to_dict

EXIT_INVALID = 2
PARALLEL_CHUNK = 1000  # lines per task when a batch is spread over several processes
_BATCH: list[str] = []
_encode = msgspec.json.Encoder().encode


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
    """Answer every line in order; big batches are spread over the machine's cores."""
    global _BATCH  # noqa: PLW0603 - read by forked workers, so the lines are not sent to them
    _BATCH = [line for line in source if line.strip()]
    spans = [(i, i + PARALLEL_CHUNK) for i in range(0, len(_BATCH), PARALLEL_CHUNK)]
    workers = min(os.cpu_count() or 1, len(spans))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = list(pool.map(_answer_span, spans))
    else:
        results = [_answer_span(span) for span in spans]
    status = 0
    for answered, invalid in results:
        if answered:
            sink.write(answered)
        status = EXIT_INVALID if invalid else status
    return status


def _answer_span(span: tuple[int, int]) -> tuple[str, bool]:
    """One output line per input line of `_BATCH[start:stop]`, and whether any was invalid."""
    out: list[bytes] = []
    invalid = False
    for line in _BATCH[span[0] : span[1]]:
        try:
            answer = assess_json(line)
            out.append(_encode(answer_to_dict(answer)))
        except InputError as error:
            out.append(_encode({"error": error.to_dict()}))
            invalid = True
    return (b"\n".join(out) + b"\n").decode() if out else "", invalid


def _assess_one(raw: Any) -> dict[str, Any]:
    return answer_to_dict(assess(parse_input(raw), validate=False))


def _load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError("input", f"not valid JSON ({error.msg} at column {error.colno})") from None
