"""What a running dashboard keeps in memory after uploads that were abandoned (issue 10, point 11).

Starts the real server (`serve.py`) on a fresh database, signs in N times in Chromium as IT
staff, uploads a big CSV on the Upload page, and closes the browser without importing. Prints
the server's resident size (MB, from /proc) at each step as JSON lines:

    .venv/bin/python bench/upload_memory_bench.py [--uploads 8] [--mb 45]

The server runs with `server.disconnectedSessionTTL` shortened to 5 s so that the sessions
expire during the run (the default is 120 s; everything else is as `./scripts/start` runs it,
including MALLOC_ARENA_MAX from that script unless --no-arena-cap is given).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auth.users import add_user  # noqa: E402
from tests.e2e import conftest as e2e  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS")


def big_csv(mb: int) -> bytes:
    """A register CSV of about `mb` MB: every row read and validated, every fourth one refused
    (an unknown status), the worst case for the preview that the Upload page builds."""
    header = "linkage_id,partner_name,direction,dataset,status,requested_on\n"
    row = "X-{:09d},หน่วยงานทดสอบ {:d},outbound,ชุดข้อมูล {:d},{},15/01/2568\n"
    rows = []
    size = len(header.encode())
    i = 0
    while size < mb * 1_000_000:
        line = row.format(i, i % 500, i % 300, "bogus" if i % 4 == 0 else "requested")
        rows.append(line)
        size += len(line.encode())
        i += 1
    return (header + "".join(rows)).encode()


def settle(pid: int, seconds: float) -> float:
    """The resident size after the server had `seconds` to sweep (polled, lowest kept)."""
    deadline = time.monotonic() + seconds
    low = rss_mb(pid)
    while time.monotonic() < deadline:
        time.sleep(2)
        low = min(low, rss_mb(pid))
    return low


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=8)
    parser.add_argument("--mb", type=int, default=45)
    parser.add_argument("--no-arena-cap", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if args.no_arena_cap:
        os.environ.pop("MALLOC_ARENA_MAX", None)
    else:
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    os.environ["STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL"] = "5"
    folder = Path(tempfile.mkdtemp(prefix="upload-mem-"))
    payload = folder / "big.csv"  # a path: Playwright sends a big buffer too slowly
    payload.write_bytes(big_csv(args.mb))
    users = folder / "users.json"
    add_user("it", e2e.PASSWORD, "it_staff", path=users)
    with e2e.serve(folder / "linkage.duckdb", users) as server, sync_playwright() as p:
        pid = server["proc"].pid
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=e2e.CHROMIUM_FLAGS
        )
        warm = browser.new_context()
        e2e.sign_in(warm.new_page(), server["url"], "it")
        warm.close()
        idle = settle(pid, 10)
        print(json.dumps({"step": "idle, signed in once", "rss_mb": idle}), flush=True)
        for n in range(1, args.uploads + 1):
            context = browser.new_context()
            pg = context.new_page()
            e2e.sign_in(pg, server["url"], "it")
            pg.goto(f"{server['url']}/import")
            e2e.wait_for_app(pg, "นำเข้าข้อมูลจากสเปรดชีต")
            with e2e.rerun(pg, timeout=300_000):
                pg.locator("input[type='file']").set_input_files(payload, timeout=300_000)
            context.close()  # abandoned: never imported
            print(
                json.dumps({"step": f"after upload {n} ({args.mb} MB)", "rss_mb": rss_mb(pid)}),
                flush=True,
            )
        browser.close()
        # Sessions expire after the TTL; the sweeper runs every 30 s.
        after = settle(pid, 75)
        print(json.dumps({"step": "75 s after the last browser left", "rss_mb": after}))
        print(json.dumps({"idle_mb": idle, "kept_mb": round(after - idle, 1)}))
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
