from __future__ import annotations

from fastapi import APIRouter

from ..db import count_dossiers
from ..dependencies import DbDep
from ..models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness and number of loaded dossiers")
def health(conn: DbDep) -> Health:
    return Health(dossiers=count_dossiers(conn))
