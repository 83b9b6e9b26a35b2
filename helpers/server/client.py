"""OpenAI clients for the local course server that follow it: a `client` made before the server was
stopped or restarted keeps working, because every request reads the address and token of the server
running now (`start_server()` starts it again if it is gone).

`helpers.get_client()` returns one of these in local mode; they are the official `openai` clients.
"""

from __future__ import annotations

from typing import Any

import httpx2 as httpx  # the HTTP library the openai SDK is built on
from openai import AsyncOpenAI, OpenAI

from .process import start_server


class FollowsTheServer:
    """`base_url` and `api_key` are read from the running course server on each request."""

    @property
    def base_url(self) -> httpx.URL:
        return httpx.URL(start_server().base_url + "/")

    @base_url.setter
    def base_url(self, url: Any) -> None:  # the SDK sets it once; the running server decides
        pass

    @property
    def api_key(self) -> str:  # no wait: reading the token sends nothing (each request reads base_url, which waits)
        return start_server(wait=False).token

    @api_key.setter
    def api_key(self, key: Any) -> None:
        pass


def _options(options: dict) -> dict:
    server = start_server(wait=False)  # the models load while the notebook goes on; requests wait for them
    return {**options, "api_key": server.token, "base_url": server.base_url}


class CourseServerClient(FollowsTheServer, OpenAI):
    """`openai.OpenAI` for the local course server, across restarts."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**_options(options))


class AsyncCourseServerClient(FollowsTheServer, AsyncOpenAI):
    """`openai.AsyncOpenAI` for the local course server, across restarts."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**_options(options))
