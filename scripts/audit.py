"""`make audit`: known vulnerabilities of both environments, with pip-audit.

pip-audit needs an advisory database: OSV (api.osv.dev) or PyPI's per-release JSON API
(https://pypi.org/pypi/NAME/VERSION/json, whose "vulnerabilities" field comes from the
Python advisory database). This script first checks which one answers, then audits the
installed packages of .venv (Rasa, actions) and .venv-service (dossier service) with
``--strict``, so that a package that could not be checked fails the audit instead of
being skipped silently (pip-audit otherwise prints "No known vulnerabilities found"
after skipping everything).

Exit status: 0 audited and clean, 1 vulnerabilities found or the audit failed,
2 not audited because no advisory database is reachable from this machine.
Runs in its own environment (.venv-audit) so that pip-audit's own dependencies are not
counted in either audited environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENTS = {
    "Rasa server and action server (.venv)": ROOT / ".venv",
    "dossier service (.venv-service)": ROOT / ".venv-service",
}
#: A release known to have advisories: a working database must list them.
PROBE_NAME, PROBE_VERSION = "requests", "2.19.0"
TIMEOUT = 10


def _osv_reachable() -> str | None:
    query = json.dumps(
        {"package": {"name": PROBE_NAME, "ecosystem": "PyPI"}, "version": PROBE_VERSION}
    )
    request = urllib.request.Request(
        "https://api.osv.dev/v1/query",
        data=query.encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            vulns = json.load(response).get("vulns")
    except (OSError, ValueError) as exc:
        return f"OSV (api.osv.dev): {_why(exc)}"
    return None if vulns else "OSV (api.osv.dev): answered without the known advisories"


def _pypi_reachable() -> str | None:
    url = f"https://pypi.org/pypi/{PROBE_NAME}/{PROBE_VERSION}/json"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            vulns = json.load(response).get("vulnerabilities")
    except (OSError, ValueError) as exc:
        return f"PyPI JSON API ({url}): {_why(exc)}"
    return None if vulns else "PyPI JSON API: answered without the known advisories"


def _why(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    reason = getattr(exc, "reason", exc)
    return f"unreachable ({type(reason).__name__}: {reason})"


def main() -> int:
    problems = []
    service = None
    for name, probe in (("osv", _osv_reachable), ("pypi", _pypi_reachable)):
        problem = probe()
        if problem is None:
            service = name
            break
        problems.append(problem)
    if service is None:
        print("AUDIT NOT DONE: no vulnerability database is reachable from this machine.")
        for problem in problems:
            print(f"  - {problem}")
        print(
            "pip-audit needs OSV or PyPI's per-release JSON API; a machine that reaches only a\n"
            "package index cannot audit. Run `make audit` on a machine with Internet access\n"
            "(for example the centre's server). SECURITY.md lists the advisories known for the\n"
            "pinned versions and how each is mitigated."
        )
        return 2

    print(f"==> advisory database: {service}")
    status = 0
    for label, venv in ENVIRONMENTS.items():
        site = next((venv / "lib").glob("python3*/site-packages"), None)
        if site is None:
            print(f"==> {label}: not installed (run `make setup`)")
            status = 1
            continue
        print(f"==> pip-audit: {label}")
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--strict",
            "--progress-spinner",
            "off",
            "--vulnerability-service",
            service,
            "--path",
            str(site),
            "--desc",
            "off",
        ]
        result = subprocess.run(command, check=False)
        status = status or (1 if result.returncode else 0)
    print("==> audit: " + ("no known vulnerabilities" if status == 0 else "FAILED: see above"))
    return status


if __name__ == "__main__":
    sys.exit(main())
