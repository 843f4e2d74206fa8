"""The fan-out benchmark's table: the batch, the limits, exactly-once, replies, and for the
morning scenario when the prompts went out against their slot and its (scaled) grace."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from fakegram import LocalBotApi

HOUR = 3600.0
FULL_CROWD = 100_000  # the morning scenario stands for this many people in one zone


def report(server: LocalBotApi, args: argparse.Namespace, due_chats: set[int], f: Any) -> str:
    """A Markdown table of what one run measured."""
    sends = [c for c in server.calls_to("sendMessage") if c.ok]
    prompts = [c for c in sends if c.params["chat_id"] in due_chats]
    per_chat = Counter(c.params["chat_id"] for c in prompts)
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    missing = sum(1 for c in due_chats if per_chat[c] == 0)
    first, last = (min(c.at for c in prompts), max(c.at for c in prompts)) if prompts else (0, 0)
    span = max(last - first, 1e-9)
    in_batch = [c for c in sends if first <= c.at <= last]
    lat = sorted(f.latencies)

    def pct(q: float) -> str:
        return f"{lat[min(len(lat) - 1, round(q * (len(lat) - 1)))]:.2f} s" if lat else "n/a"

    prompt_rate = (len(prompts) - 1) / span
    total_rate = (len(in_batch) - 1) / span
    ok = {True: "met", False: "**missed**"}
    mode = f"{f.instances} x webhook behind nginx" if f.instances else "1 x run (polling)"
    startup = "spawn to all healthy" if f.instances else "spawn to first getUpdates"
    rows: list[tuple[str, str, str]] = [
        ("instances", mode, ""),
        ("people in the database", f"{args.people:,}", ""),
        (f"start-up: {startup}", f"{f.startup:.2f} s", ""),
        ("memory right after start-up (VmRSS, largest instance)", f"{f.rss_at_startup_mb:.0f} MB",
         ""),
        ("peak memory over the run (VmHWM, largest)", f"{f.peak_rss_mb:.0f} MB",
         ok[f.peak_rss_mb < 200]),
        ("prompts due", f"{len(due_chats):,}", ""),
        ("first to last prompt", f"{last - first:.1f} s", ""),
        ("sustained rate, prompts only", f"{prompt_rate:.1f} /s", ""),
        ("sustained rate, all messages (prompts + replies)", f"{total_rate:.1f} /s",
         ok[total_rate >= 28]),
        ("peak messages in any one second", str(server.stats.peak_per_second()), ""),
        ("paid broadcasts", str(server.stats.paid), ""),
        ("429 answers", str(server.stats.too_many_requests),
         ok[server.stats.too_many_requests == 0]),
        ("duplicate prompts", str(duplicates), ok[duplicates == 0]),
        ("missing prompts", str(missing), ok[missing == 0]),
    ]  # fmt: skip
    if f.killed_at is not None:
        after = sorted(c.at for c in prompts if c.at > f.killed_at)
        rows += [
            ("one instance SIGKILLed after", f"{f.killed_at - first:.1f} s of the batch", ""),
            ("prompts sent after the kill (by the others)", f"{len(after):,}", ""),
            (
                "last prompt after the kill",
                f"{(after[-1] - f.killed_at) if after else 0:.1f} s",
                "",
            ),
        ]
    if args.chatters:
        rows += [
            ("replies to people chatting during the batch",
             f"{len(lat)} ({f.unanswered} unanswered)", ""),
            ("reply latency p50", pct(0.5), ""),
            ("reply latency p95", pct(0.95),
             ok[lat[round(0.95 * (len(lat) - 1))] < 2] if lat else ""),
            ("reply latency max", f"{lat[-1]:.2f} s" if lat else "n/a", ""),
        ]  # fmt: skip
    if f.slot_at is not None:
        rows += morning_rows(prompts, len(due_chats), f.slot_at, prompt_rate, ok)
    lines = ["| measure | value | goal |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {goal} |" for name, value, goal in rows]
    return "\n".join(lines)


def morning_rows(
    prompts: list[Any], crowd: int, slot_at: float, rate: float, ok: dict[bool, str]
) -> list[tuple[str, str, str]]:
    """The slot against its grace, scaled: `crowd` people stand for 100,000, so the hour's
    grace becomes crowd/100,000 of an hour; and the full crowd at the measured pace."""
    grace = HOUR * crowd / FULL_CROWD
    times = sorted(c.at - slot_at for c in prompts)
    early = sum(1 for t in times if t < 0)
    first, last = (times[0], times[-1]) if times else (0.0, 0.0)
    full = first + FULL_CROWD / rate if rate > 0 else float("inf")
    return [
        ("prompts sent before their slot", str(early), ok[early == 0]),
        ("slot to first / median / last prompt",
         f"{first:.1f} / {times[len(times) // 2] if times else 0:.1f} / {last:.1f} s", ""),
        (f"scaled grace ({crowd:,} of {FULL_CROWD:,} people: the hour x {crowd / FULL_CROWD:g})",
         f"{grace:.0f} s", ""),
        ("last prompt within the scaled grace", f"{last / grace:.0%} of it", ok[last <= grace]),
        (f"{FULL_CROWD:,} at this pace: slot to last prompt",
         f"{full / 60:.1f} min ({full / HOUR:.0%} of the hour)", ok[full <= HOUR]),
    ]  # fmt: skip
