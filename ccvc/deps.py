"""FastAPI dependencies shared by the three apps: settings, clock and a database session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ccvc.clock import Clock, get_clock
from ccvc.db import session_scope
from ccvc.settings import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    settings: Settings = request.app.state.settings
    with session_scope(settings.database_url) as session:
        yield session


def get_current_clock() -> Clock:
    return get_clock()


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
# scope="function": the session commits when the endpoint returns, before the response is
# sent — a client that gets a token (or a 201) can use it at once, with no race against the
# commit (FastAPI's default runs the exit code after the response).
DbSession = Annotated[Session, Depends(get_db, scope="function")]
ClockDep = Annotated[Clock, Depends(get_current_clock)]
