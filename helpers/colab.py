"""The "Open in Colab" badge and the first code cell of every notebook, built from settings.REPO_URL.

`python tools/sync_notebooks.py` writes them into the notebooks; a test checks they are in sync.
"""
from __future__ import annotations

from .settings import BRANCH, REPO_SLUG, REPO_URL

COLAB_DIR = "/content/course"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


def colab_url(notebook: str) -> str:
    """The Colab address that opens `notebooks/<notebook>` from the course repository."""
    return f"https://colab.research.google.com/github/{REPO_SLUG}/blob/{BRANCH}/notebooks/{notebook}"


def badge_markdown(notebook: str) -> str:
    """Markdown for the badge at the top of a notebook."""
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(notebook)})"


SETUP_BLOCK = f'''# Setup: on Google Colab this fetches and installs the course; elsewhere it does nothing.
import sys, os
if "google.colab" in sys.modules and not os.path.isdir("{COLAB_DIR}"):
    !git clone --quiet --depth 1 --branch {BRANCH} {REPO_URL} {COLAB_DIR}
    %pip install --quiet -e {COLAB_DIR}
if "google.colab" in sys.modules:
    sys.path.insert(0, "{COLAB_DIR}")
'''
