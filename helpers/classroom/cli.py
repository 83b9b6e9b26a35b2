"""The `course` command: doctor, prepare, serve, run-all, and the classroom kit (progress, slides, ...)."""

from __future__ import annotations

import argparse
import sys

from . import commands as classroom
from .run_all import MODES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description="Generative AI course tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("doctor", help="print a report of your set-up and what to fix")
    prep = commands.add_parser("prepare", help="build the offline model kit (once)")
    prep.add_argument("--force", action="store_true", help="rebuild even if already prepared")
    serve = commands.add_parser("serve", help="run the local OpenAI-compatible course server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--token", default=None, help="bearer token clients must send (default: random)")
    run_all = commands.add_parser("run-all", help="execute every notebook in order and write a report")
    run_all.add_argument("--report", default=None, help="default: reports/run-all.md, or reports/modes.md")
    run_all.add_argument(
        "--mode",
        action="append",
        choices=["all", *MODES],
        help="run the course this way (repeatable; `all` for the modes matrix)",
    )
    classroom.add_commands(commands)
    args = parser.parse_args(argv)

    if args.command == "doctor":
        from ..doctor import doctor

        doctor()
    elif args.command == "prepare":
        from ..models import prepare

        for task, status in prepare(force=args.force).items():
            print(f"{task:>15}: {status}")
    elif args.command == "serve":
        from .lab import serve_warning

        try:
            warning = serve_warning(args.host, args.token)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 2
        if warning:
            print(warning, file=sys.stderr)
        from ..server import serve_forever

        serve_forever(host=args.host, port=args.port, token=args.token)
    elif args.command == "run-all":
        from .run_all import run_all, run_matrix

        if args.mode:
            modes = list(MODES) if "all" in args.mode else args.mode
            return run_matrix(modes, report=args.report or "reports/modes.md")
        return run_all(report=args.report or "reports/run-all.md")
    elif args.command in classroom.NAMES:
        return classroom.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
