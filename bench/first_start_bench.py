"""How soon a fresh start shows something: the first page on a server with no store yet.

Starts the real server (`serve.py`) on a fresh database, opens Chromium as soon as the health
check answers, and prints, in seconds from the start of the process:

- `healthy`: the server answers its health check;
- `frontend`: Streamlit's own page (its app frame, before any script run has drawn) is up;
- `first_paint`: the first page shows something of ours (the progress bar of the sample's
  loading, or the sign-in form);
- `sign_in_form`: the sign-in form is there and no script runs.

`--script dashboard.py` serves the dashboard without serve.py, so without the background
preparation: the first run loads the sample itself (with the progress bar).

    .venv/bin/python bench/first_start_bench.py [--repeat 3] [--script serve.py|dashboard.py]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auth.users import add_user  # noqa: E402
from tests.e2e import conftest as e2e  # noqa: E402

_OURS = 'document.querySelector(\'[data-testid="stProgress"], input[type="password"]\')'


def _healthy(url: str, proc: subprocess.Popen, deadline: float) -> None:
    """Poll the health check until it answers."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not answer in time")


def one_start(browser, script: str) -> dict[str, float]:
    """One fresh start: the seconds to each state, from the start of the process."""
    with tempfile.TemporaryDirectory() as folder:
        users = Path(folder) / "users.json"
        add_user("admin", e2e.PASSWORD, "admin", path=users)
        port = e2e._free_port()
        env = {
            **os.environ,
            "LINKAGE_DB": str(Path(folder) / "linkage.duckdb"),
            "LINKAGE_USERS": str(users),
        }
        url = f"http://127.0.0.1:{port}"
        log = (Path(folder) / "server.log").open("w")
        start = time.monotonic()
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / script),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _healthy(url, proc, start + 120)
            healthy = time.monotonic() - start
            context = browser.new_context()
            page = context.new_page()
            page.goto(url, wait_until="commit")
            page.wait_for_function(
                "() => !!document.querySelector('[data-testid=\"stApp\"]')", timeout=120_000
            )
            frontend = time.monotonic() - start
            page.wait_for_function(f"() => !!{_OURS}", timeout=120_000)
            first_paint = time.monotonic() - start
            page.get_by_label("ชื่อผู้ใช้").wait_for(timeout=120_000)
            e2e.wait_idle(page, 0, 120_000)
            form = time.monotonic() - start
            context.close()
        finally:
            proc.terminate()
            proc.wait(10)
            log.close()
    return {
        "healthy": healthy,
        "frontend": frontend,
        "first_paint": first_paint,
        "sign_in_form": form,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--script", default="serve.py", choices=("serve.py", "dashboard.py"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=e2e.CHROMIUM_FLAGS
        )
        for run in range(1, args.repeat + 1):
            figures = one_start(browser, args.script)
            load = os.getloadavg()[0]
            print(
                json.dumps(
                    {"script": args.script, "run": run, "load_avg_1min": round(load, 1)}
                    | {key: round(value, 2) for key, value in figures.items()}
                ),
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
