"""Settings fail loudly: a bad variable is named, an empty one counts as unset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from actions.settings import MAX_DOSSIER_TIMEOUT, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_when_nothing_is_set():
    settings = load_settings({})
    assert settings.dossier_service_url == "http://127.0.0.1:8001"
    assert settings.dossier_timeout == MAX_DOSSIER_TIMEOUT
    assert (settings.max_lookup_failures, settings.max_invalid_inputs) == (3, 3)
    assert settings.centre.phone is None


def test_values_are_read_and_the_timeout_capped_by_the_spec():
    settings = load_settings(
        {
            "DOSSIER_SERVICE_PORT": "9001",
            "DOSSIER_SERVICE_TIMEOUT": "10",
            "LOOKUP_MAX_FAILURES": "5",
            "CENTRE_PHONE": "0237 3000 000",
            "CENTRE_HOURS": "",
        }
    )
    assert settings.dossier_service_url == "http://127.0.0.1:9001"
    assert settings.dossier_timeout == MAX_DOSSIER_TIMEOUT
    assert settings.max_lookup_failures == 5
    assert settings.centre.phone == "0237 3000 000" and settings.centre.hours is None


def test_an_explicit_url_wins_without_its_trailing_slash():
    url = load_settings({"DOSSIER_SERVICE_URL": "http://svc:8001/"}).dossier_service_url
    assert url == "http://svc:8001"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("DOSSIER_SERVICE_TIMEOUT", "abc"),
        ("DOSSIER_SERVICE_TIMEOUT", "-1"),
        ("DOSSIER_SERVICE_PORT", "80a"),
        ("DOSSIER_SERVICE_URL", "svc:8001"),
        ("LOOKUP_MAX_FAILURES", "0"),
        ("FORM_MAX_INVALID_INPUTS", "many"),
    ],
)
def test_a_bad_value_is_named_with_its_variable(variable, value):
    with pytest.raises(SettingsError) as error:
        load_settings({variable: value})
    assert f"{variable}={value!r}" in str(error.value)


def test_the_action_server_does_not_start_with_a_bad_setting():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOSSIER_SERVICE_TIMEOUT": "abc"}
    done = subprocess.run(
        [sys.executable, "-c", "import actions"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "DOSSIER_SERVICE_TIMEOUT='abc'" in done.stderr
