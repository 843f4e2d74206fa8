"""A set of ids carried in a button's callback data as a hex bit mask over a fixed order, so
a question or a multi-select needs nothing stored (a person without a record included)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def to_mask(chosen: Iterable[str], order: Sequence[str]) -> str:
    """The hex mask of the chosen ids (unknown ids are left out)."""
    bits = 0
    for item in chosen:
        if item in order:
            bits |= 1 << order.index(item)
    return format(bits, "x")


def from_mask(mask: str | None, order: Sequence[str]) -> tuple[str, ...] | None:
    """The ids of a mask in `order`; None when the mask is not one (forged or too wide)."""
    if not mask:
        return ()
    try:
        bits = int(mask, 16)
    except ValueError:
        return None
    if bits < 0 or bits >> len(order):
        return None
    return tuple(item for i, item in enumerate(order) if bits >> i & 1)
