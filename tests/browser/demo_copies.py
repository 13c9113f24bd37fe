"""Copies of the demo's scenarios cut to their first screens, for tests of what does not depend on how long a
procedure is (sharding, baselines, the pytest plugin's items, worker processes): every screen replayed costs
the suite its time."""

from __future__ import annotations

import shutil
from pathlib import Path

from harness.cli import demo_scenarios

AVANT = demo_scenarios() / "cmi-stationnement-avant.yaml"
APRES = demo_scenarios() / "cmi-stationnement-apres.yaml"


def trimmed(scenario: Path, screens: int, folder: Path) -> Path:
    """The demo scenario's first screens only, beside the demo's personas. The last screen kept keeps its
    expectations and loses its actions."""
    from ruamel.yaml import YAML

    yaml = YAML()
    data = yaml.load(scenario.read_text(encoding="utf-8"))
    data["steps"] = data["steps"][:screens]
    data["steps"][-1].pop("actions", None)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(demo_scenarios() / "personas.yaml", folder / "personas.yaml")
    with (folder / scenario.name).open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return folder / scenario.name


def short_demo(folder: Path, screens: int = 2) -> Path:
    """Both versions of the demo, each cut to its first `screens` screens, in `folder`."""
    for scenario in (AVANT, APRES):
        trimmed(scenario, screens, folder)
    return folder
