"""The panel fixtures: a store with one campaign and two pseudonymous testers."""

from __future__ import annotations

import pytest

from harness.panel.models import CampaignIn, TesterIn
from harness.panel.service import add_testers, create_campaign
from harness.store.db import Store

TESTERS = [
    TesterIn(code="T-001", segment="senior", age_band="75+", territory="rural", digital_comfort=2, device="smartphone"),
    TesterIn(code="T-002", segment="jeune", age_band="16-24", territory="urbain", digital_comfort=8, device="téléphone"),
]


def enrol(store: Store) -> Store:
    create_campaign(store, CampaignIn(code="essai", title="Essai"))
    add_testers(store, TESTERS)
    return store


@pytest.fixture
def panel(store: Store) -> Store:
    return enrol(store)
