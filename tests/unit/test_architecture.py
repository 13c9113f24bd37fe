"""The layers of ARCHITECTURE.md hold: the import-linter contracts of pyproject.toml are kept, no two
modules import each other (directly or round a circle), and the document names every layer the contract does."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import subprocess
import sys

import grimp

ROOT = Path(__file__).parents[2]


def test_the_import_contracts_are_kept() -> None:
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    print(result.stdout[-400:])
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Contracts: \d+ kept, 0 broken", result.stdout)


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = grimp.build_graph("harness")
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported != module and graph.chain_exists(importer=imported, imported=module):
                circles.append((module, imported))
    assert circles == []


def test_architecture_md_names_every_module_the_layers_contract_names() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    layers = next(c for c in config if c["type"] == "layers")["layers"]
    named = {m.strip() for layer in layers for m in re.split(r"[:|]", layer)}
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    missing = sorted(m for m in named if f"`{m}`" not in text)
    assert missing == []
