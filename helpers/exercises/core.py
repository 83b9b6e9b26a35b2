"""Checked "Your turn" exercises: a hint when the answer is wrong, a short congratulation when right.

Each notebook's exercises live in their own module (e.g. `nb03_openai_api.py`) and register with
`@exercise(...)`. A checker returns None when the answer is right, or a hint (str) when it is not.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, Callable

from ..classroom.progress import record_pass

Checker = Callable[..., "str | None"]


@dataclass(frozen=True)
class Exercise:
    id: str
    checker: Checker
    solution: str
    praise: str


REGISTRY: dict[str, Exercise] = {}


def exercise(exercise_id: str, solution: str, praise: str = "Well done!") -> Callable[[Checker], Checker]:
    """Register a checker under `exercise_id` (for example "03.2")."""

    def register(checker: Checker) -> Checker:
        REGISTRY[exercise_id] = Exercise(exercise_id, checker, solution.strip("\n"), praise)
        return checker

    return register


def load_all() -> None:
    """Import every exercise module of this package (nb00_..., nb01_...) so their checkers register."""
    package = importlib.import_module(__package__)  # helpers.exercises, already imported by then
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("nb"):
            importlib.import_module(f"{__package__}.{module.name}")


def _lookup(exercise_id: str) -> Exercise:
    load_all()
    if exercise_id not in REGISTRY:
        known = ", ".join(sorted(REGISTRY)) or "none"
        raise KeyError(f"No exercise {exercise_id!r}. Known exercises: {known}.")
    return REGISTRY[exercise_id]


def check(exercise_id: str, *answer: Any) -> bool:
    """Check an answer, print feedback, and return whether it is right. Never raises on a wrong answer."""
    item = _lookup(exercise_id)
    try:
        hint = item.checker(*answer)
    except Exception as error:  # a learner's half-finished answer must give a hint, not a traceback
        hint = f"Checking your answer raised {type(error).__name__}: {error}"
    if hint is None:
        record_pass(exercise_id)  # local only, for `course progress`
        print(f"✅ Exercise {exercise_id}: {item.praise}")
        return True
    print(f"❌ Exercise {exercise_id}: not yet. Hint: {hint}")
    print(f"   (Stuck? Run show_solution({exercise_id!r}).)")
    return False


def show_solution(exercise_id: str) -> None:
    """Print one possible solution (hidden until asked for)."""
    print(_lookup(exercise_id).solution)
