"""Colab Secrets, faked: secrets come from the JSON in FAKE_COLAB_SECRETS (default: none).

The error classes carry Colab's real names, which the course tells apart.
A secret whose value is "<no-access>" raises NotebookAccessError, like a secret not shared with the notebook.
"""

import json
import os


class SecretNotFoundError(Exception):
    pass


class NotebookAccessError(Exception):
    pass


class TimeoutException(Exception):
    pass


def get(key: str) -> str:
    secrets = json.loads(os.environ.get("FAKE_COLAB_SECRETS", "{}"))
    if key not in secrets:
        raise SecretNotFoundError(f"Secret {key} does not exist.")
    if secrets[key] == "<no-access>":
        raise NotebookAccessError(f"Notebook does not have access to secret {key}")
    return secrets[key]
