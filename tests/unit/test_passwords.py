"""The app's passwords are hashed at argon2id's real cost. The test process hashes them cheaply
(tests/conftest.py), so the real parameters are read here from a process of their own."""

from __future__ import annotations

import subprocess
import sys

from argon2 import extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY


def test_passwords_are_hashed_with_argon2id_at_no_less_than_rfc_9106_s_low_memory_cost() -> None:
    made = subprocess.run([sys.executable, "-c", "from harness.panel.live import _HASHER; print(_HASHER.hash('x' * 12))"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    assert made.startswith("$argon2id$")
    used = extract_parameters(made)
    assert used.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost and used.time_cost >= RFC_9106_LOW_MEMORY.time_cost
