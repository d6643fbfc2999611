"""``python -m metrics score``: one JSON object out, exit 2 on refused input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from metrics.__main__ import HANDLERS, build_parser

PROJECT = Path(__file__).resolve().parents[1]


def run_metrics(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the metrics command line the way a scheduled job would."""
    return subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_pwo7_seed_example_prints_percent_then_band():
    done = run_metrics("score", "--framework", "pwo7", "--scores", "4,4,3,4,3,4,3")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('{"percent": 71.43, "band": "high"')
    assert done.stdout.count("\n") == 1  # exactly one JSON object
    assert json.loads(done.stdout)["total"] == 25


def test_nha14_at_60_prints_percent_then_passed():
    done = run_metrics("score", "--framework", "nha14", "--scores", "1,1,1,1,1,1,0,0,0,0,0,0,0,0")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('{"percent": 60.0, "passed": true')


def test_thai_digits_and_spaces_are_accepted():
    done = run_metrics("score", "--framework", "pwo7", "--scores", "๔, ๔, ๓, ๔, ๓, ๔, ๓")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["percent"] == 71.43


def test_wrong_count_exits_2_with_a_message():
    done = run_metrics("score", "--framework", "pwo7", "--scores", "4,4,3")
    assert done.returncode == 2
    assert "needs 7 scores, got 3" in done.stderr
    assert "ต้องมีคะแนน 7 ข้อ" in done.stderr
    assert "needs 7 scores" in json.loads(done.stdout)["error"]


def test_out_of_range_score_exits_2():
    done = run_metrics("score", "--framework", "nha14", "--scores", ",".join(["2"] + ["0"] * 13))
    assert done.returncode == 2
    assert "must be between 0 and 1, got 2" in done.stderr


def test_a_score_that_is_not_a_whole_number_exits_2():
    done = run_metrics("score", "--framework", "pwo7", "--scores", "4,4,3,4,3,4,x")
    assert done.returncode == 2
    assert "score 7 must be a whole number, got 'x'" in done.stderr


def test_unknown_framework_exits_2():
    done = run_metrics("score", "--framework", "pwo9", "--scores", "4,4,3,4,3,4,3")
    assert done.returncode == 2
    assert "no framework named 'pwo9'" in done.stderr


def test_a_framework_file_path_is_accepted(tmp_path: Path):
    own = json.loads((PROJECT / "metrics/frameworks/pwo7.json").read_text("utf-8"))
    own["id"] = "agency_own"
    path = tmp_path / "agency_own.json"
    path.write_text(json.dumps(own, ensure_ascii=False), "utf-8")
    done = run_metrics("score", "--framework", str(path), "--scores", "5,5,5,5,5,5,5")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["band"] == "highest"


def test_no_command_exits_2():
    assert run_metrics().returncode == 2


def test_commands_are_a_parser_plus_a_handler_table():
    parser = build_parser()
    args = parser.parse_args(["score", "--framework", "pwo7", "--scores", "1"])
    assert args.command == "score"
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert set(HANDLERS) == set(commands)  # every command has its handler, and only those
    assert "score" in HANDLERS
