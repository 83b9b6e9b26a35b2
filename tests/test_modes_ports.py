"""The modes matrix's servers start even when another process takes the port picked for them first."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.modes import servers


def test_prism_starts_on_another_port_when_its_first_port_is_taken(tmp_path, monkeypatch):
    if servers.prism_missing():
        pytest.skip(servers.prism_missing())
    with socket.socket() as taken:  # what a kernel or server started meanwhile does to the "free" port
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        ports = [taken.getsockname()[1]]
        real = servers.free_port
        monkeypatch.setattr(servers, "free_port", lambda: ports.pop(0) if ports else real())
        with servers.prism(tmp_path / "prism.log") as url:
            assert not url.endswith(f":{taken.getsockname()[1]}")
            request = urllib.request.Request(url + "/models", headers={"Authorization": f"Bearer {servers.FAKE_KEY}"})
            assert urllib.request.urlopen(request, timeout=30).status == 200
