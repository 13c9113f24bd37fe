"""Replay profiles: the screens and ways of browsing a scenario is replayed under."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness.errors import InputError
from harness.text import closest


@dataclass(frozen=True)
class Network:
    """A connection, as Chromium's network emulation slows it down."""

    down_kbps: float
    up_kbps: float
    latency_ms: float

    def conditions(self) -> dict[str, Any]:
        """The DevTools protocol's Network.emulateNetworkConditions parameters (throughputs in bytes per second)."""
        return {"offline": False, "latency": self.latency_ms,
                "downloadThroughput": self.down_kbps * 1000 / 8, "uploadThroughput": self.up_kbps * 1000 / 8}


# Lighthouse's "Slow 4G" (its mobile throttling): what a rural mobile connection often gives.
SLOW_4G = Network(down_kbps=1600, up_kbps=750, latency_ms=150)


@dataclass(frozen=True)
class Profile:
    name: str
    context: dict[str, Any] = field(default_factory=dict)
    keyboard: bool = False  # actions by keyboard only; each screen's tab sequence walked
    network: Network | None = None  # slowed down (None: as the machine's)
    cpu_slowdown: float = 1.0  # Chromium's CPU throttling: 4 is Lighthouse's mobile figure


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("desktop", {"viewport": {"width": 1280, "height": 800}}),
        # 320 CSS px: the width WCAG 1.4.10 (reflow) asks content to fit without
        # scrolling in two directions. The layout viewport is kept at 320 px
        # (no is_mobile): a phone would instead zoom a fixed-width page out
        # until its text is unreadable, which is the same barrier, less visible.
        Profile(
            "mobile",
            {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2, "has_touch": True},
        ),
        # A 1280 px window zoomed to 200 %: 640 CSS px, each drawn twice as large.
        Profile("zoom200", {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}),
        # A phone in the countryside: 360 px, a slow 4G link, a processor four times slower.
        Profile(
            "rural",
            {"viewport": {"width": 360, "height": 640}, "device_scale_factor": 2, "has_touch": True},
            network=SLOW_4G, cpu_slowdown=4.0,
        ),
        # No pointer: Tab, Shift+Tab, Enter, Space and arrows only.
        Profile("keyboard", {"viewport": {"width": 1280, "height": 800}}, keyboard=True),
    )
}


def get_profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        suggestion = closest(name, PROFILES)
        raise InputError(
            "unknown_profile", {"key": name, "suggestion": suggestion, "allowed": ", ".join(PROFILES)},
            hint="did_you_mean" if suggestion else "allowed_keys",
        ) from None
