"""mypy plugin shim: pydantic's own plugin where pydantic 2 is installed, none elsewhere.

The dossier service (.venv-service) uses pydantic 2, whose plugin types settings
classes and validators; Rasa's environment (.venv) is pinned to pydantic 1.10, whose
plugin crashes current mypy. One ``[tool.mypy]`` section serves both environments.
"""

from __future__ import annotations

import pydantic
from mypy.plugin import Plugin


def plugin(version: str) -> type[Plugin]:
    if pydantic.VERSION.startswith("2."):
        from pydantic.mypy import plugin as pydantic_plugin

        return pydantic_plugin(version)
    return Plugin
