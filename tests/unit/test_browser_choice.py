"""Which Chromium a replay launches: the choice is made from what is installed, here fake
executables on a PATH of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ReplayError
from harness.replay.browser import ENV_VAR, choose_browser, missing_packages


@pytest.fixture
def path_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return folder


def install(folder: Path, name: str) -> Path:
    executable = folder / name
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    return executable


def test_a_headless_replay_takes_the_headless_shell_and_a_headed_one_the_desktop_browser(path_dir: Path) -> None:
    desktop, shell = install(path_dir, "chromium"), install(path_dir, "chromium-headless-shell")
    assert choose_browser(None) == choose_browser(None, headless=True)
    assert choose_browser(None).executable == shell
    assert choose_browser(None).source == "system headless shell"
    assert choose_browser(None, headless=False).executable == desktop
    assert missing_packages(None) == []


def test_without_a_headless_shell_the_desktop_browser_replays_headless(path_dir: Path) -> None:
    desktop = install(path_dir, "chromium")
    assert choose_browser(None).executable == desktop
    assert missing_packages(None) == ["chromium-headless-shell"]


def test_a_headed_replay_never_takes_the_headless_shell(path_dir: Path) -> None:
    install(path_dir, "chromium-headless-shell")
    with pytest.raises(ReplayError) as error:
        choose_browser(None, headless=False)
    assert error.value.code == "no_browser"
    assert missing_packages(None) == ["chromium"]


def test_playwright_s_own_browser_comes_before_the_system_s(path_dir: Path, tmp_path: Path) -> None:
    install(path_dir, "chromium-headless-shell")
    managed = install(tmp_path, "chrome")
    assert choose_browser(str(managed)).source == "playwright"
    assert choose_browser(str(managed)).executable is None
    assert missing_packages(str(managed)) == []
    assert choose_browser(str(tmp_path / "not-installed")).source == "system headless shell"


def test_the_environment_variable_wins_and_a_wrong_path_is_named(path_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(path_dir, "chromium-headless-shell")
    forced = install(path_dir, "my-chrome")
    monkeypatch.setenv(ENV_VAR, str(forced))
    assert choose_browser(None) == choose_browser(None, headless=False)
    assert choose_browser(None).executable == forced
    assert missing_packages(None) == []
    monkeypatch.setenv(ENV_VAR, str(path_dir / "gone"))
    with pytest.raises(ReplayError) as error:
        choose_browser(None)
    assert error.value.code == "browser_path_missing"
    assert str(path_dir / "gone") in str(error.value)
