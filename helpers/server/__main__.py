"""`python -m helpers.server --port N --parent-pid PID` (token in $COURSE_SERVER_TOKEN): the background server."""
import argparse
import os

from .process import TOKEN_ENV, run, watch_parent

parser = argparse.ArgumentParser()
parser.add_argument("--host", default="127.0.0.1")
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--parent-pid", type=int, default=None)
args = parser.parse_args()
if args.parent_pid:
    watch_parent(args.parent_pid)
run(args.host, args.port, os.environ[TOKEN_ENV], quiet=True)
