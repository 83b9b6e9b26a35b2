"""The background server: `python -m helpers.server --fd N (--parent-pid PID | --clients REGISTRY)`.

The token is in $COURSE_SERVER_TOKEN. It serves on the listening socket it inherits as file descriptor N (bound by the parent, so the port is
never free for another process to take), or binds --host/--port when no --fd is given.
"""

import argparse
import os
from pathlib import Path

from ..settings import ENV_SERVER_TOKEN
from . import shared
from .serve import run, watch_clients, watch_parent

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--fd", type=int, default=None)
parser.add_argument("--parent-pid", type=int, default=None, help="exit when this process is gone")
parser.add_argument("--clients", type=Path, default=None, help="shared: exit when no kernel uses it (shared.py)")
parser.add_argument(
    "--idle-grace", type=float, default=shared.IDLE_GRACE_S, help="shared: seconds it waits for a kernel"
)
args = parser.parse_args()
if args.parent_pid:
    watch_parent(args.parent_pid)
if args.clients:
    watch_clients(args.clients, args.idle_grace)
run(os.environ[ENV_SERVER_TOKEN], args.host, args.port, fd=args.fd, quiet=True)
