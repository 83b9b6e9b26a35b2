"""Checked exercises for every notebook. Import `check` and `show_solution`."""
from __future__ import annotations

import importlib
import pkgutil

from .core import REGISTRY, check, exercise, show_solution

__all__ = ["REGISTRY", "check", "exercise", "show_solution", "load_all"]


def load_all() -> None:
    """Import every exercise module in this package so their checkers register."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("nb"):
            importlib.import_module(f"{__name__}.{module.name}")
