"""The bus's in-process state, kept on ``app.state.bus`` (one per app instance)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Annotated

import httpx
from fastapi import Depends, Request

from ccvc.clock import Clock
from ccvc.settings import Settings
from mock_ndxp.catalogue import Catalogue
from mock_ndxp.faults.spec import Fault
from mock_ndxp.faults.store import RuntimeFaults
from mock_ndxp.ratelimit import TokenBucketLimiter


@dataclass
class BusState:
    settings: Settings
    clock: Clock
    catalogue: Catalogue
    limiter: TokenBucketLimiter
    config_faults: tuple[Fault, ...]
    runtime_faults: RuntimeFaults
    rng: random.Random
    http_client: httpx.AsyncClient | None = None
    http_loop: asyncio.AbstractEventLoop | None = None


def get_bus(request: Request) -> BusState:
    bus: BusState = request.app.state.bus
    return bus


BusDep = Annotated[BusState, Depends(get_bus)]
