"""A clearly labelled synthetic panel for the demo: fake testers, fake sessions.

Twelve testers across the roadmap's publics each walk both versions. Their
results follow the versions' real differences: on `avant`, the one-page form
and its error state defeat many (above all seniors and people with
disabilities); on `après`, most succeed alone. The data go through the same
CSV import as a facilitator's file.
"""

from __future__ import annotations

import csv
import random
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from harness.criteria.models import Catalogue
from harness.panel.models import CampaignIn
from harness.panel.service import create_campaign, import_sessions, import_testers, list_testers, scenario_steps
from harness.store.db import Store

CAMPAIGN = CampaignIn(
    code="demo", title="Démonstration — panel synthétique (données fictives)",
    description="Testeurs et sessions inventés pour montrer Parcours ; aucune personne réelle.",
)
TESTERS = [  # code, segment, age band, territory, comfort, assistive tech, device
    ("DEMO-01", "senior", "75+", "rural", 2, "none", "tablet"),
    ("DEMO-02", "senior", "60-74", "rural", 4, "magnifier", "computer"),
    ("DEMO-03", "senior", "75+", "urban", 3, "none", "smartphone"),
    ("DEMO-04", "precarious", "25-39", "urban", 5, "none", "smartphone"),
    ("DEMO-05", "precarious", "40-59", "rural", 3, "none", "smartphone"),
    ("DEMO-06", "disability", "40-59", "urban", 6, "screen_reader", "computer"),
    ("DEMO-07", "disability", "25-39", "rural", 5, "magnifier", "smartphone"),
    ("DEMO-08", "disability", "60-74", "urban", 4, "voice_control", "computer"),
    ("DEMO-09", "young", "16-24", "urban", 8, "none", "smartphone"),
    ("DEMO-10", "young", "16-24", "rural", 7, "none", "smartphone"),
    ("DEMO-11", "professional", "40-59", "rural", 8, "none", "computer"),
    ("DEMO-12", "professional", "25-39", "urban", 9, "none", "computer"),
]
STEPS = {
    "avant": ["Accueil", "Formulaire", "Formulaire — erreur", "Validation", "Confirmation"],
    "après": ["Accueil", "Identité", "Identité — erreur", "Adresse", "Justificatif", "Récapitulatif", "Confirmation"],
}
# (step, tag, severity, text): what facilitators noted on `avant`
AVANT_NOTES = [
    ("Formulaire", "obligatoire", "high", "Ne voit pas quels champs sont obligatoires : le rouge pâle ne lui dit rien."),
    ("Formulaire — erreur", "erreur", "blocking", "Le message en haut ne dit pas quel champ corriger ; cherche longtemps."),
    ("Formulaire — erreur", "saisie", "high", "Tout ce qui avait été tapé a disparu après l'erreur ; doit tout ressaisir."),
    ("Accueil", "langage", "medium", "Demande ce que veulent dire « CMI-S » et « CASF »."),
    ("Formulaire", "mobile", "medium", "Sur le téléphone, doit faire défiler la page de gauche à droite pour lire."),
]
SCORED = ("comprehension-objet", "orientation", "langage-compris", "message-correction")
HARD = {"senior": 0.75, "disability": 0.7, "precarious": 0.55, "young": 0.3, "professional": 0.15}  # trouble on `avant`


# The demo's third campaign: the improved version re-tested three weeks on, by the same panel.
FOLLOW_UP: dict[str, Any] = {"seed": 2027, "versions": ("après",), "day": "2026-12-14"}
FOLLOW_UP_CAMPAIGN = CampaignIn(
    code="demo-suivi", title="Démonstration — nouveau test de la version améliorée, trois semaines après (données fictives)",
    description="Les mêmes testeurs inventés, revenus tester la version améliorée ; aucune personne réelle.",
)


def panel_rows(campaign: str = CAMPAIGN.code, seed: int = 2026, versions: tuple[str, ...] = ("avant", "après"),
               day: str | None = None) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for number, (tester, segment, *_rest) in enumerate(TESTERS):
        for version in versions:
            trouble = HARD[segment] if version == "avant" else HARD[segment] / 6
            session = f"S-{number + 1:02d}{'A' if version == 'avant' else 'B'}"
            stopped = False
            for position, step in enumerate(STEPS[version]):
                hard_screen = step.startswith(("Formulaire", "Identité — erreur"))
                roll = rng.random()
                if stopped:
                    break
                if hard_screen and roll < trouble * 0.35:
                    outcome, stopped = rng.choice(["failure", "abandon"]), True
                elif hard_screen and roll < trouble:
                    outcome = "assisted"
                else:
                    outcome = "success"
                base = 6 if version == "après" else 4
                seq = max(1, min(7, base + (-2 if outcome != "success" else 0) + rng.choice([-1, 0, 0, 1])))
                seconds = rng.randint(20, 60) * (3 if hard_screen and version == "avant" else 1) * (2 if outcome != "success" else 1)
                row: dict[str, object] = {
                    "session": session, "campaign": campaign, "tester": tester, "facilitator": "MED-0" + str(1 + number % 3),
                    "procedure": "cmi-stationnement", "version": version, "date": day or ("2026-11-16" if version == "avant" else "2026-11-23"),
                    "device": TESTERS[number][6], "step": step, "outcome": outcome, "seconds": seconds,
                    "errors": (rng.randint(1, 3) if hard_screen and version == "avant" else rng.randint(0, 1) if hard_screen else 0),
                    "help_requests": 1 if outcome == "assisted" else 0, "seq": seq,
                }
                if version == "avant":
                    for note_step, tag, severity, text in AVANT_NOTES:
                        if note_step == step and rng.random() < trouble + 0.1:
                            row.update(observation=text, severity=severity, tags=tag)
                            break
                if position == 0:
                    row.update(_questionnaires(rng, version, session))
                rows.append(row)
    return rows


def _questionnaires(rng: random.Random, version: str, session: str) -> dict[str, object]:
    good = version == "après"
    answers = {}
    for item in range(1, 11):  # odd items are positive statements, even items negative
        leaning = (4 if good else 2) if item % 2 else (2 if good else 4)
        answers[f"sus_{item}"] = max(1, min(5, leaning + rng.choice([-1, 0, 0, 1])))
    scores = {f"score:{c}": max(1, min(5, (4 if good else 2) + rng.choice([0, 0, 1, -1]))) for c in SCORED}
    mark = (8 if good else 4) + rng.choice([-2, -1, 0, 1, 2])  # one draw, as before: the rest of the panel stays the same
    return {**answers, **scores, **_jdma(random.Random(f"jdma-{session}"), good, mark)}


def _jdma(rng: random.Random, good: bool, mark: int) -> dict[str, object]:
    """The JDMA questions, in the words a facilitator writes: the faces, clarity, contact and its help."""
    feeling = "bien" if mark >= 8 else "moyen" if mark >= 5 else "pas bien"
    clarity = max(1, min(5, (4 if good else 2) + rng.choice([-1, 0, 0, 1])))
    contact = rng.choices(["non", "joint", "pas joint"], [7, 2, 1] if good else [3, 2, 4])[0]
    quality = max(1, min(5, (4 if good else 2) + rng.choice([-1, 0, 1]))) if contact == "joint" else None
    return {"satisfaction": feeling, "clarity": clarity, "contact": contact, "help_quality": quality}


def load_demo_panel(store: Store, catalogue: Catalogue, campaign: str = CAMPAIGN.code, follow_up: bool = False) -> int:
    """Create the demo campaign and import its synthetic testers and sessions; the number of sessions.
    `follow_up`: the same testers, back three weeks later on `après` only (FOLLOW_UP)."""
    create_campaign(store, (FOLLOW_UP_CAMPAIGN if follow_up else CAMPAIGN).model_copy(update={"code": campaign}))
    with tempfile.TemporaryDirectory() as folder:
        testers = Path(folder) / "testeurs-demo.csv"
        with testers.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["code", "segment", "age_band", "territory", "digital_comfort", "assistive_tech", "device"])
            writer.writerows(TESTERS)
        if not list_testers(store):  # a follow-up campaign meets the testers already in the panel
            import_testers(store, testers, campaign)
        rows = panel_rows(campaign, **FOLLOW_UP) if follow_up else panel_rows(campaign)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sessions = Path(folder) / "sessions-demo.csv"
        with sessions.open("w", newline="", encoding="utf-8") as f:
            sheet = csv.DictWriter(f, fieldnames=columns)
            sheet.writeheader()
            sheet.writerows(rows)
        demo_scenarios = Path(str(resources.files("harness.demo") / "scenarios"))  # its screens are the scenarios' steps
        return import_sessions(store, sessions, catalogue, steps=scenario_steps([demo_scenarios])).sessions
