"""The course command's JupyterLab serves notebooks/ (started on a free port, checked, stopped)."""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers.server.process import end_process, free_port
from helpers.settings import NOTEBOOKS_DIR


def test_jupyterlab_serves_the_notebooks(tmp_path):
    port, token = free_port(), "course-test-token"
    jupyter = Path(sys.executable).with_name("jupyter")
    process = subprocess.Popen(
        [
            str(jupyter),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--notebook-dir={NOTEBOOKS_DIR}",
            f"--IdentityProvider.token={token}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"JUPYTER_RUNTIME_DIR": str(tmp_path), "PATH": str(jupyter.parent), "HOME": str(tmp_path)},
    )
    try:
        url = f"http://127.0.0.1:{port}/api/contents?token={token}"
        for _ in range(120):
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    listing = json.load(response)
                break
            except OSError:
                time.sleep(0.25)
        else:
            raise AssertionError("JupyterLab did not answer within 30 s")
        names = {item["name"] for item in listing["content"]}
        assert "00_start_here.ipynb" in names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=5) as page:
            assert page.status == 200 and b"JupyterLab" in page.read()
    finally:
        end_process(process, timeout=20)
