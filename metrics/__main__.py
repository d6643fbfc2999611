"""Command line for the metrics package: ``python -m metrics COMMAND``.

Each command is a subparser in ``build_parser`` plus a handler in ``HANDLERS`` that takes
the parsed arguments and returns the exit code. Output is one JSON object on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from typing import Any

from metrics import export_cli, report_cli
from metrics.assessment import ScoreError, score
from metrics.errors import BilingualError
from metrics.frameworks import FrameworkError, load_framework
from metrics.numbers import THAI_DIGITS

EXIT_OK = 0
EXIT_REFUSED = 2  # same code argparse uses for a bad command line


def build_parser() -> argparse.ArgumentParser:
    """The ``python -m metrics`` parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="python -m metrics",
        description="Linkage metrics from the command line; each command prints one JSON object.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_score_command(commands)
    report_cli.add_commands(commands)  # report (TEMPLATES.md §5), target, milestone
    export_cli.add_commands(commands)  # briefing, publish
    return parser


def _add_score_command(commands: Any) -> None:
    """Declare ``score --framework ID --scores 4,4,3,...``."""
    command = commands.add_parser(
        "score",
        help="score one partner assessment",
        description="Score one partner against a framework; prints percent and band or pass.",
    )
    command.add_argument(
        "--framework",
        required=True,
        help="framework id (pwo7, nha14, or any metrics/frameworks/*.json) or a JSON file path",
    )
    command.add_argument(
        "--scores",
        required=True,
        help="scores in criterion order, comma separated; Thai digits accepted (๔,๔,๓,...)",
    )


def parse_scores(text: str) -> list[int]:
    """Read ``4,4,3`` (or Thai digits ``๔,๔,๓``, spaces allowed) into whole-number scores."""
    tokens = [token for token in re.split(r"[,\s]+", text.translate(THAI_DIGITS)) if token]
    if not tokens:
        raise ScoreError("ไม่มีคะแนน", "no scores given")
    scores = []
    for position, token in enumerate(tokens, start=1):
        if not re.fullmatch(r"[+-]?\d+", token):
            raise ScoreError(
                f"คะแนนลำดับที่ {position} ต้องเป็นจำนวนเต็ม แต่ได้ '{token}'",
                f"score {position} must be a whole number, got '{token}'",
            )
        scores.append(int(token))
    return scores


def run_score(args: argparse.Namespace) -> int:
    """Print ``{"percent": .., "band"|"passed": .., ...}`` for one set of scores."""
    try:
        framework = load_framework(args.framework)
        result = score(framework, parse_scores(args.scores))
    except (FrameworkError, ScoreError) as error:
        return _refuse(error)
    outcome = {"percent": result["percent"]}
    if "band" in result:
        outcome["band"] = result["band"]
    else:
        outcome["passed"] = result["passed"]
    outcome |= {"framework": result["framework"], "total": result["total"], "max": result["max"]}
    _print_json(outcome)
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "score": run_score,
    **report_cli.HANDLERS,
    **export_cli.HANDLERS,
}


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run the chosen command and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    return HANDLERS[args.command](args)


def _refuse(error: BilingualError) -> int:
    """Report a refused input: message on stderr, ``{"error": ...}`` on stdout, exit 2."""
    print(str(error), file=sys.stderr)
    _print_json({"error": str(error), "error_th": error.th, "error_en": error.en})
    return EXIT_REFUSED


def _print_json(payload: dict[str, Any]) -> None:
    """Print one JSON object on one line, Thai left readable."""
    print(json.dumps(payload, ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
