"""``python -m dossier_service``: validate the seed, then serve.

``python -m dossier_service --check [FILE]`` only validates FILE (default: the
``DOSSIER_SEED_FILE`` setting) and exits 0 when it is valid, 1 when it is not.
"""

from __future__ import annotations

import argparse
import logging
import sys

from pydantic import ValidationError

from .seed_file import SeedError, load_seed
from .settings import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"])
            print(f"settings error: {name}: {error['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def _report(exc: SeedError, path: object) -> None:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"seed: {len(exc.problems)} problem(s) in {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dossier_service",
        description=(
            "Mock dossier-status service. Settings come from DOSSIER_* environment variables."
        ),
    )
    parser.add_argument(
        "--check",
        nargs="?",
        const="",
        metavar="FILE",
        help=(
            "only validate the seed FILE (default: DOSSIER_SEED_FILE or the demo seed) and exit 0/1"
        ),
    )
    args = parser.parse_args(argv)

    if args.check is not None:
        path = args.check or _settings().seed_file
        try:
            records = load_seed(path)
        except SeedError as exc:
            _report(exc, path)
            return 1
        print(f"seed ok: {len(records)} dossiers in {path}")
        return 0

    settings = _settings()
    try:
        records = load_seed(settings.seed_file)
    except SeedError as exc:
        _report(exc, settings.seed_file)
        print("dossier service not started", file=sys.stderr)
        return 1

    import uvicorn

    from .app import create_app

    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = create_app(settings, records=records)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        access_log=False,  # our own middleware logs requests, without bodies
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
