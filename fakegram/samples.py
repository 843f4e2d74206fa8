"""Tiny but well-formed media that simulated people send when a test does not care what."""

from __future__ import annotations

import base64

# A 1x1 red PNG.
SAMPLE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
# The first bytes of an Ogg stream, enough to look like a voice note.
SAMPLE_OGG = b"OggS\x00\x02" + bytes(22)
# A RIFF/WEBP header, enough to look like a sticker.
SAMPLE_WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
