"""The element a finding is about, cut out of its screenshot with its box outlined."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw

MARGIN = 48  # CSS pixels of context around the element
MAX_SIDE = 900  # a crop is evidence, not a second screenshot
OUTLINE = ((255, 255, 255), (200, 0, 0))  # a light ring then a dark red one: seen on dark and light pages


def crop(screenshot: str | Path, box: list[int], page_width: int | None) -> bytes | None:
    """A PNG of the element's surroundings with its box outlined; None when the box lies outside the picture
    (a screenshot cut to the visible part) or the file cannot be read.

    A run's screenshots never change once written, and one finding is shown in several reports
    (procedure, comparison, committee): each crop is cut once per process."""
    return _crop(str(screenshot), tuple(box), page_width)


@lru_cache(maxsize=256)  # crops are small PNGs
def _crop(screenshot: str, box: tuple[int, ...], page_width: int | None) -> bytes | None:
    picture = _picture(screenshot)
    if picture is None:
        return None
    scale = picture.width / page_width if page_width else 1.0  # the device pixel ratio of the profile
    x, y, w, h = (v * scale for v in box)
    if w <= 0 or h <= 0 or x >= picture.width or y >= picture.height:
        return None
    margin = MARGIN * scale
    left, top = max(0, x - margin), max(0, y - margin)
    right, bottom = min(picture.width, x + w + margin), min(picture.height, y + h + margin)
    right, bottom = min(right, left + MAX_SIDE * scale), min(bottom, top + MAX_SIDE * scale)
    part = picture.crop((int(left), int(top), int(right), int(bottom)))
    draw = ImageDraw.Draw(part)
    ring = max(2, round(2 * scale))
    for i, colour in enumerate(OUTLINE):
        pad = ring * (len(OUTLINE) - i)
        draw.rectangle((x - left - pad, y - top - pad, x - left + w + pad, y - top + h + pad), outline=colour, width=ring)
    out = io.BytesIO()
    part.save(out, format="PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=2)  # a decoded full page weighs tens of MB: the last two, as findings come screen by screen
def _picture(screenshot: str) -> Image.Image | None:
    try:
        with Image.open(screenshot) as image:
            image.load()
            return image.convert("RGB")
    except (OSError, ValueError):
        return None
