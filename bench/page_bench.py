"""Time every dashboard page's script (AppTest) on the sample data and on 100,000 linkages.

Run: ``.venv/bin/python bench/page_bench.py [--repeat 5] [--linkages 100000] [--pages a.py,b.py]``

The pages are the ones dashboard.py registers (its ``st.Page("pages/….py")`` entries) when the
bench runs. For each store and page: clear the caches, run the page once (the cold run, also
reported), then time `--repeat` more runs and report their median (the warm run a user gets
on every click once the page's figures are cached). The big store is the sample register
copied with new IDs up to `--linkages` rows, its change history and survey responses copied
in proportion, all inside DuckDB. Targets: under 1 s on the sample, under 2 s at 100,000.
"""

from __future__ import annotations

import argparse
import ast
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from loaders.sample import ensure_sample  # noqa: E402
from loaders.store import open_store  # noqa: E402

SAMPLE_TARGET_S = 1.0
BIG_TARGET_S = 2.0
ADMIN = {"username": "bench", "role": "admin", "display_name": "Bench", "via": "local"}


def registered_pages(router: Path = ROOT / "dashboard.py") -> list[str]:
    """The page files dashboard.py passes to st.Page, in the order it lists them."""
    pages = []
    for node in ast.walk(ast.parse(router.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and str(node.args[0].value).startswith("pages/")
        ):
            pages.append(node.args[0].value)
    return list(dict.fromkeys(pages))


def sample_store(path: Path) -> Path:
    """A fresh store with the sample data, as a newcomer gets it."""
    con = open_store(path)
    ensure_sample(con)
    con.close()
    return path


def big_store(path: Path, linkages: int) -> Path:
    """The sample register copied with new IDs up to `linkages` rows, history and surveys too."""
    con = open_store(path)
    ensure_sample(con)
    base = con.execute("SELECT count(*) FROM linkages").fetchone()[0]
    copies = -(-linkages // base)  # copies including the original
    con.execute("BEGIN TRANSACTION")
    con.execute(
        f"""CREATE TEMP TABLE copy_map AS
            SELECT linkage_id AS old_id, linkage_id || '-C' || lpad(CAST(c AS VARCHAR), 4, '0')
                   AS new_id, c
            FROM linkages, range(1, {copies}) t(c)
            ORDER BY c, linkage_id LIMIT {linkages - base}"""
    )
    con.execute(
        """INSERT INTO linkages
           SELECT l.* REPLACE (m.new_id AS linkage_id)
           FROM linkages l JOIN copy_map m ON m.old_id = l.linkage_id"""
    )
    con.execute(
        """INSERT INTO linkage_history
           SELECT h.* REPLACE (m.new_id AS linkage_id)
           FROM linkage_history h JOIN copy_map m ON m.old_id = h.linkage_id"""
    )
    con.execute(
        """INSERT INTO survey_responses
           SELECT s.* REPLACE (s.response_id || '-C' || lpad(CAST(m.c AS VARCHAR), 4, '0')
                             AS response_id, m.new_id AS linkage_id)
           FROM survey_responses s JOIN copy_map m ON m.old_id = s.linkage_id"""
    )
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    return path


def time_page(
    page: str, store: Path | None, repeat: int, timeout: float = 600
) -> tuple[float, float]:
    """Cold run and median warm run (seconds) of one page on one store (None: the store the
    environment already names, e.g. a roll-up)."""
    if store is not None:
        os.environ["LINKAGE_DB"] = str(store)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=timeout)
    at.run()
    at.switch_page(page)
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page} failed on {store or 'the store'}: {at.exception[0].message}")
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run()
        runs.append(time.perf_counter() - start)
    return cold, statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    """Build the two stores, time every page on both, print the table; 1 if a page misses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (median)")
    parser.add_argument("--linkages", type=int, default=100_000, help="rows of the big store")
    parser.add_argument("--pages", help="comma-separated page files (default: dashboard.py's)")
    args = parser.parse_args(argv)

    import ui.sign_in  # after sys.path is set; signed in as an admin, so every page opens

    ui.sign_in.current_user = lambda: dict(ADMIN)
    pages = args.pages.split(",") if args.pages else registered_pages()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["LINKAGE_USERS"] = str(Path(folder) / "users.json")
        started = time.perf_counter()
        small = sample_store(Path(folder) / "sample.duckdb")
        big = big_store(Path(folder) / "big.duckdb", args.linkages)
        print(f"stores built in {time.perf_counter() - started:.1f} s "
              f"({args.linkages:,} linkages)\n")  # fmt: skip
        results, errors = [], []
        for page in pages:
            try:
                sample_cold, sample_warm = time_page(page, small, args.repeat)
                big_cold, big_warm = time_page(page, big, args.repeat)
            except RuntimeError as exc:  # a page that fails is reported, the others still timed
                errors.append(str(exc))
                continue
            ok = sample_warm < SAMPLE_TARGET_S and big_warm < BIG_TARGET_S
            results.append((page, sample_warm, big_warm, sample_cold, big_cold, ok))
    header = f"{'page':<24} {'sample s':>9} {'100k s':>8} {'target':>9} {'result':>7}"
    header += f"   {'cold sample s':>13} {'cold 100k s':>11}"
    print(header)
    print("-" * len(header))
    for page, sample_warm, big_warm, sample_cold, big_cold, ok in results:
        print(
            f"{page:<24} {sample_warm:>9.3f} {big_warm:>8.3f} {'1 s / 2 s':>9} "
            f"{'pass' if ok else 'FAIL':>7}   {sample_cold:>13.3f} {big_cold:>11.3f}"
        )
    for error in errors:
        print(f"ERROR  {error}")
    print(f"\nmedian of {args.repeat} runs after one warm-up run; cold = that first run")
    return 0 if results and all(r[-1] for r in results) and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
