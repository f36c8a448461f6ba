"""FastAPI dependencies shared by the three apps: settings, clock and a database session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ccvc.clock import Clock, get_clock
from ccvc.db import get_sessionmaker
from ccvc.settings import Settings


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    settings: Settings = request.app.state.settings
    session = get_sessionmaker(settings.database_url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_current_clock() -> Clock:
    return get_clock()


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
DbSession = Annotated[Session, Depends(get_db)]
ClockDep = Annotated[Clock, Depends(get_current_clock)]
