"""The "Open in Colab" badge and the first code cell of every notebook, built from settings.REPO_URL.

`python tools/sync_notebooks.py` writes them into the notebooks; a test checks they are in sync.
"""

from __future__ import annotations

from .settings import BRANCH, ENV_REPO_URL, REPO_SLUG, REPO_URL

BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


def colab_url(notebook: str) -> str:
    """The Colab address that opens `notebooks/<notebook>` from the course repository."""
    return f"https://colab.research.google.com/github/{REPO_SLUG}/blob/{BRANCH}/notebooks/{notebook}"


def badge_markdown(notebook: str) -> str:
    """Markdown for the badge at the top of a notebook."""
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(notebook)})"


SETUP_BLOCK = f'''# Setup: on Google Colab this fetches and installs the course; elsewhere it does nothing.
import sys, os
if "google.colab" in sys.modules:
    COURSE_DIR = os.path.abspath("course")  # /content/course on Colab
    if not os.path.isdir(COURSE_DIR):  # {ENV_REPO_URL} may name a fork or a local copy
        REPO = os.environ.get("{ENV_REPO_URL}", "{REPO_URL}")
        !git clone --quiet --depth 1 --branch {BRANCH} {{REPO}} {{COURSE_DIR}}
    sys.path.insert(0, COURSE_DIR)
    # pip installs what the course needs (only what is missing or too old); stops with what to do if that fails
    import runpy  # (helpers/colab_install.py runs alone: `import helpers` would load what it upgrades)
    runpy.run_path(f"{{COURSE_DIR}}/helpers/colab_install.py")["install"](COURSE_DIR)
'''
