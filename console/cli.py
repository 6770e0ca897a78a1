"""Staff accounts and housekeeping from the command line.

    python -m console staff add USERNAME [--name "Nguyễn Văn A"]   (asks the password)
    python -m console staff password USERNAME
    python -m console staff disable USERNAME
    python -m console purge        (erase phone numbers of old done requests)

The password is read from the terminal, or from CONSOLE_STAFF_PASSWORD / stdin when
there is no terminal (``make staff-user``, scripts). It is stored as an argon2 hash.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import select

from console.db import init_db, make_engine
from console.models import Staff
from console.requests_queue import purge
from console.security import MIN_PASSWORD, hash_password
from console.settings import Settings


def _password() -> str:
    if os.environ.get("CONSOLE_STAFF_PASSWORD"):
        return os.environ["CONSOLE_STAFF_PASSWORD"]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"Mật khẩu (ít nhất {MIN_PASSWORD} ký tự): ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise SystemExit("error: the two passwords differ")
    return first


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m console",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    staff = sub.add_parser("staff", help="staff accounts")
    staff.add_argument("action", choices=["add", "password", "disable"])
    staff.add_argument("username")
    staff.add_argument("--name", default=None, help="name shown in the console")
    sub.add_parser("purge", help="erase the phone numbers of old done requests")
    args = parser.parse_args(argv)

    settings = Settings()
    sessions = init_db(make_engine(settings))
    with sessions() as db:
        if args.command == "purge":
            print(f"phone numbers erased: {purge(db, settings.phone_retention_days)}")
            return 0
        username = args.username.strip().lower()
        found = db.scalar(select(Staff).where(Staff.username == username))
        if args.action == "disable":
            if not found:
                print(f"error: no staff account {username}", file=sys.stderr)
                return 1
            found.active = False
            db.commit()
            print(f"account {username} disabled")
            return 0
        if args.action == "add" and found:
            print(f"error: account {username} exists (use: staff password)", file=sys.stderr)
            return 1
        if args.action == "password" and not found:
            print(f"error: no staff account {username}", file=sys.stderr)
            return 1
        try:
            hashed = hash_password(_password())
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if found:
            found.password_hash = hashed
            found.active = True
        else:
            db.add(
                Staff(username=username, display_name=args.name or username, password_hash=hashed)
            )
        db.commit()
        print(f"account {username} saved")
    return 0
