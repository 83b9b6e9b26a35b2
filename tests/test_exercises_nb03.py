"""Checkers of notebook 03 accept right answers and give hints for wrong ones."""
import numpy as np

from helpers.exercises import REGISTRY, load_all

load_all()


def run(exercise_id, *answer):
    return REGISTRY[exercise_id].checker(*answer)


def test_03_1_messages():
    right = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi?"}]
    assert run("03.1", right) is None
    assert "system" in run("03.1", right[1:])
    assert "last user" in run("03.1", right[:1] + [{"role": "assistant", "content": "x"}])
    assert run("03.1", [{"role": "system", "content": ""}, {"role": "user", "content": "x"}])
    assert run("03.1", [{"role": "system"}, {"role": "user", "content": "x"}])
    assert run("03.1", None)


def test_03_2_cosine():
    def cosine(a, b):
        a, b = np.asarray(a, float), np.asarray(b, float)
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

    assert run("03.2", cosine) is None
    assert "dot product" in run("03.2", lambda a, b: float(np.dot(a, b)))
    assert run("03.2", lambda a, b: 0.5)
    assert "None" in run("03.2", lambda a, b: None)
    assert "function" in run("03.2", 0.5)


def test_03_3_cost():
    from helpers.pricing import estimate_cost

    right = estimate_cost("gpt-4o-mini", {"prompt_tokens": 2000, "completion_tokens": 500})
    assert abs(right - 0.0006) < 1e-12
    assert run("03.3", right) is None
    assert "swapped" in run("03.3", estimate_cost("gpt-4o-mini", {"prompt_tokens": 500, "completion_tokens": 2000}))
    assert "1M" in run("03.3", right * 1_000_000)
    assert run("03.3", "cheap")
