"""The modes matrix's servers start even when another process takes the port picked for them first."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.modes import servers


def taken_ports(count: int) -> list[socket.socket]:
    """Ports another process listens on: what a kernel or server started meanwhile does to a "free" port."""
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
    return sockets


# A one-path API description: Prism reads OpenAI's (~2 MB) for ~13 s before it binds; this one in ~1 s
TINY_SPEC = """openapi: 3.0.0
info: {title: one path, version: "1"}
paths:
  /models:
    get:
      responses:
        "200":
          description: the models
          content:
            application/json:
              example: {object: list, data: []}
"""


@pytest.mark.expected_seconds(8)
def test_prism_starts_on_another_port_when_its_first_port_is_taken(tmp_path, monkeypatch):
    """Prism's own "address already in use" is recognised and the start retried on a new port."""
    if servers.prism_missing():
        pytest.skip(servers.prism_missing())
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC)
    [taken] = taken_ports(1)
    with taken:
        ports = [taken.getsockname()[1]]
        real = servers.free_port
        monkeypatch.setattr(servers, "free_port", lambda: ports.pop(0) if ports else real())
        with servers.prism(tmp_path / "prism.log", spec) as url:
            assert not url.endswith(f":{taken.getsockname()[1]}")
            request = urllib.request.Request(url + "/models", headers={"Authorization": f"Bearer {servers.FAKE_KEY}"})
            assert urllib.request.urlopen(request, timeout=30).status == 200


@pytest.mark.expected_seconds(15)
def test_the_llamacpp_standin_and_its_course_server_start_when_their_first_ports_are_taken(tmp_path, monkeypatch):
    taken = taken_ports(2)
    try:
        ports = [sock.getsockname()[1] for sock in taken]
        real = servers.free_port
        monkeypatch.setattr(servers, "free_port", lambda: ports.pop(0) if ports else real())
        with servers.llamacpp_standin(tmp_path) as url:
            assert not any(url.startswith(f"http://127.0.0.1:{s.getsockname()[1]}/") for s in taken)
            with urllib.request.urlopen(url.removesuffix("/v1") + "/health", timeout=30) as response:
                assert response.status == 200
    finally:
        for sock in taken:
            sock.close()
