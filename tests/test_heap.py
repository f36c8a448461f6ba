"""`ccvc.heap.settle`: the start-up heap frozen, young collections spaced out — or Python's
defaults when the setting is 0."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ccvc import heap
from ccvc.settings import Settings


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_gc")
def test_settle_freezes_the_start_up_heap_and_spaces_young_collections() -> None:
    heap.settle(Settings().gc_young_threshold)
    assert gc.get_freeze_count() > 1000  # modules, the catalogue, …: out of the collector's sight
    assert gc.get_threshold()[0] == 10_000


@pytest.mark.usefixtures("restored_gc")
def test_zero_keeps_pythons_defaults() -> None:
    before = gc.get_threshold()
    heap.settle(0)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
