"""``python -m console``: serve the console. ``python -m console staff ...``: accounts."""

from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] != "serve":
        from console.cli import main as cli

        return cli(argv)
    import uvicorn

    from console.app import create_app
    from console.settings import Settings

    settings = Settings()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
        # Access logs would carry paths only, but stay off like the other services.
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
