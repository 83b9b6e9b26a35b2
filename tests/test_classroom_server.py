"""The class-server recipe of docs/teaching.md, for real: `course serve --token` on one side, a student
who sets only OPENAI_BASE_URL and the class token on the other (on 127.0.0.1: tests never bind wider)."""

import os
import socket
import subprocess
import sys
import time

import openai
import pytest

from helpers.client import chat_model, current_mode, get_client
from helpers.server.process import end_process, free_port

TOKEN = "class-token-for-tests"


@pytest.fixture
def class_server():
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "helpers.classroom.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--token",
            TOKEN,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/v1"
    probe = openai.OpenAI(base_url=url, api_key=TOKEN, max_retries=0, timeout=5)
    try:
        for _ in range(240):  # up to 2 minutes to load the models on a busy machine
            if process.poll() is not None:
                pytest.fail(f"course serve exited: {process.stderr.read()[-2000:]}")
            try:
                probe.models.list()
                break
            except openai.APIConnectionError:
                time.sleep(0.5)
        yield url
    finally:
        end_process(process, timeout=30)


def test_a_student_uses_the_class_server_with_only_two_settings(class_server, monkeypatch):
    for name in ("COURSE_MODE", "COURSE_CHAT_MODEL", "COURSE_EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", class_server)
    monkeypatch.setenv("OPENAI_API_KEY", TOKEN)
    assert current_mode().name == "compatible"
    client = get_client()
    reply = client.chat.completions.create(
        model=chat_model(), max_tokens=5, temperature=0, messages=[{"role": "user", "content": "Say hello."}]
    )
    assert reply.choices[0].message.content.strip()
    wrong = openai.OpenAI(base_url=class_server, api_key="not-the-class-token", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        wrong.models.list()


def test_a_class_server_whose_port_is_taken_exits_and_says_so(tmp_path):
    """Not a silent hang, and no wait for the models: the port is taken before anything loads (the model
    cache here is empty, so a server that loaded first would fail on the missing models instead)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "helpers.classroom.cli", "serve", "--port", str(port), "--token", TOKEN]
        env = {**os.environ, "COURSE_CACHE": str(tmp_path), "HF_HOME": str(tmp_path / "hf")}
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode != 0
    assert "address already in use" in done.stderr.lower()
    assert f"could not listen on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr
