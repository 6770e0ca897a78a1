"""CSV export of every table the console shows."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from console.dependencies import (
    DbDep,
    LoggedIn,
    SettingsDep,
    TrackerDep,
)
from console.reports import (
    dashboard_tables,
    days_or_default,
    not_understood_groups,
    not_understood_table,
    requests_table,
)
from console.stats import Table

router = APIRouter()


def to_csv(table: Table) -> Response:
    out = io.StringIO()
    # A BOM so that spreadsheet programs read Vietnamese correctly.
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table.name}.csv"'},
    )


@router.get("/export/{name}.csv")
def export(
    name: str,
    session: LoggedIn,
    db: DbDep,
    settings: SettingsDep,
    tracker: TrackerDep,
    days: int = 7,
) -> Response:
    days = days_or_default(days)
    if name == "requests":
        return to_csv(requests_table(db))
    if name == "not_understood":
        return to_csv(not_understood_table(not_understood_groups(settings, db, tracker, days)))
    for table in dashboard_tables(settings, db, tracker, days):
        if table.name == name:
            return to_csv(table)
    raise HTTPException(404, "Không có bảng này.")
