"""Benchmark the executive briefing on the sample data (target: under 5 s per file).

Run: ``.venv/bin/python bench/briefing_bench.py [--repeat 3] [--fy 2568]``

Loads the shipped sample into a temporary store, then times, for Thai and English: the
content (``build_briefing``: the report and the extra figures), the PPTX and the PDF, and
each whole file (content + drawing), as the median of `--repeat` runs after one warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.sample import load_sample  # noqa: E402
from loaders.store import open_store  # noqa: E402
from metrics.briefing import build_briefing  # noqa: E402
from metrics.briefing_pdf import briefing_pdf  # noqa: E402
from metrics.briefing_pptx import briefing_pptx  # noqa: E402

TARGET_SECONDS = 5.0


def median_time(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` runs after one warm-up."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measures(con: object, fy: int, lang: str) -> dict[str, Callable[[], object]]:
    """What is timed for one language."""
    content = build_briefing(con, fiscal_year=fy, lang=lang)

    def build() -> object:
        return build_briefing(con, fiscal_year=fy, lang=lang)

    return {
        "content (build_briefing)": build,
        "pptx drawing": lambda: briefing_pptx(content),
        "pdf drawing": lambda: briefing_pdf(content),
        "whole pptx": lambda: briefing_pptx(build()),
        "whole pdf": lambda: briefing_pdf(build()),
    }


def main() -> None:
    """Print one line per measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fy", type=int, default=2568)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        con = open_store(Path(folder) / "bench.duckdb")
        load_sample(con)
        for lang in ("th", "en"):
            for name, run in measures(con, args.fy, lang).items():
                seconds = median_time(run, args.repeat)
                verdict = ""
                if name.startswith("whole"):
                    verdict = (
                        "  ok" if seconds < TARGET_SECONDS else f"  OVER {TARGET_SECONDS:.0f} s"
                    )
                print(f"{lang} {name:<26} {seconds:6.2f} s{verdict}")
        con.close()


if __name__ == "__main__":
    main()
