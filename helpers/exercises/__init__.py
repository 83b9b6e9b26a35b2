"""Checked exercises for every notebook. Import `check` and `show_solution`."""

from __future__ import annotations

from .core import REGISTRY, check, exercise, load_all, show_solution

__all__ = ["REGISTRY", "check", "exercise", "show_solution", "load_all"]
