"""The classroom subcommands of `course`: progress, student-edition, slides, bundle."""

from __future__ import annotations

import argparse
from pathlib import Path

NAMES = ("progress", "student-edition", "slides", "bundle")


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the classroom subcommands on the `course` parser."""
    progress = commands.add_parser("progress", help="which exercises your checks have passed")
    progress.add_argument(
        "files", nargs="*", type=Path, help="progress files collected from students (default: your own)"
    )
    student = commands.add_parser("student-edition", help="copy the course without exercise solutions")
    student.add_argument("out", type=Path, help="new folder for the student edition")
    slides = commands.add_parser("slides", help="reveal.js slides from the notebooks")
    slides.add_argument("--out", type=Path, default=Path("reports/slides"))
    slides.add_argument("--reveal-prefix", default=None, help="reveal.js location (default: its CDN)")
    slides.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    bundle = commands.add_parser("bundle", help="write wheels, weights and models for a lab with no internet")
    bundle.add_argument("out", type=Path)


def run(args: argparse.Namespace) -> int:
    """Run one classroom subcommand."""
    if args.command == "progress":
        from ..exercises import REGISTRY, load_all
        from .progress import report

        load_all()
        print(report(list(REGISTRY), args.files))
    elif args.command == "student-edition":
        from .student import build_student_edition

        stripped = build_student_edition(args.out)
        print(f"Student edition in {args.out}: solutions removed from {len(stripped)} exercise modules.")
    elif args.command == "slides":
        from .slides import REVEAL_CDN, build_slides

        for path in build_slides(args.out, args.notebooks, args.reveal_prefix or REVEAL_CDN):
            print(path)
    elif args.command == "bundle":
        from .bundle import build_bundle

        for part, size in build_bundle(args.out).items():
            print(f"{part:>7}: {size / 1e6:,.0f} MB")
        print(f"On the lab machine: bash {args.out}/install.sh")
    return 0
