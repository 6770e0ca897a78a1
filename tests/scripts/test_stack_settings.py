"""`make run` stops before starting anything when a setting is invalid."""

from __future__ import annotations

from scripts.stack import settings_problem


def test_a_bad_setting_is_reported_naming_the_variable():
    problem = settings_problem({"DOSSIER_SERVICE_TIMEOUT": "abc"})
    assert problem is not None and "DOSSIER_SERVICE_TIMEOUT='abc'" in problem


def test_good_settings_pass():
    assert settings_problem({"DOSSIER_SERVICE_TIMEOUT": "2.5"}) is None
