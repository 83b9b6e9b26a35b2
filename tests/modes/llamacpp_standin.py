"""A stand-in with llama.cpp's server's OpenAI feature set, in front of the course server (fast to start).

What llama-cpp-python 0.3.36's server (serving the kit's SmolLM2 Q4_1 GGUF) showed on 2026-12-06, and this
stand-in copies: `/v1/models`, `/v1/chat/completions` (streamed too), `/v1/completions` and `/v1/embeddings`
answer; `/v1/responses`, files, fine-tuning, audio and images answer 404 (FastAPI's `{"detail": "Not Found"}`);
a `json_schema` response format answers HTTP 500; any key is accepted. Everything else is forwarded as is.

Usage: python tests/modes/llamacpp_standin.py --port P --upstream URL --upstream-key KEY
"""

from __future__ import annotations

import argparse
import json

import httpx2 as httpx
import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

SERVED = {"models", "chat/completions", "completions", "embeddings"}


def _asks_json_schema(body: bytes) -> bool:
    try:
        return (json.loads(body).get("response_format") or {}).get("type") == "json_schema"
    except (ValueError, AttributeError):
        return False


def create_app(upstream: str, key: str) -> FastAPI:
    app = FastAPI()
    client = httpx.AsyncClient(base_url=upstream.rstrip("/"), headers={"Authorization": f"Bearer {key}"}, timeout=600)

    @app.api_route("/v1/{path:path}", methods=["GET", "POST", "DELETE"])
    async def forward(path: str, request: Request) -> Response:
        if path not in SERVED:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        body = await request.body()
        if path == "chat/completions" and _asks_json_schema(body):
            return Response("Internal Server Error", status_code=500)  # llama.cpp: no json_schema formats
        upstream_request = client.build_request(
            request.method, f"/{path}", content=body, headers={"Content-Type": "application/json"}
        )
        answer = await client.send(upstream_request, stream=True)
        return StreamingResponse(
            answer.aiter_raw(),
            status_code=answer.status_code,
            media_type=answer.headers.get("content-type"),
            background=None,
        )

    @app.get("/health")
    async def health() -> dict:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--upstream-key", required=True)
    args = parser.parse_args()
    uvicorn.run(create_app(args.upstream, args.upstream_key), host="127.0.0.1", port=args.port, log_level="warning")
