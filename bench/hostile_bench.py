"""Peak memory of the worst files against a good file of the same size (issue 10, points 1-2).

Run from the project folder: `.venv/bin/python bench/hostile_bench.py [--mb 48]`.
Each file is imported by `python -m loaders import` in its own child process (a fresh store),
so the peak resident size printed is that import's own. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
HEADERS = ["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง", "ทิศทางการเชื่อมโยง", "ชุดข้อมูล", "สถานะ"]
HEADERS += ["วันที่ยื่นคำขอ", "ความถี่", "ประเภทหน่วยงาน"]


def _csv_file(path: Path, megabytes: int, row) -> int:
    """Write CSV rows made by `row(i)` until the file reaches `megabytes`; returns the row count."""
    limit = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        i = 0
        while handle.tell() < limit:
            writer.writerow(row(i))
            i += 1
    return i


def good_row(i: int) -> list[str]:
    """A valid register row."""
    return [f"GOOD-{i:07d}", f"กรม {i % 300}", "outbound", f"ชุดข้อมูล {i % 50}", "requested"] + [
        "15 ส.ค. 2567",
        "รายเดือน",
        "government",
    ]


def invalid_row(i: int) -> list[str]:
    """A register row in which every checked cell is wrong (five reasons per row)."""
    return [f"BAD-{i:07d}", f"กรม {i % 300}", "sideways", f"ชุด {i % 50}", "lost"] + [
        f"32/{i % 12 + 1}/2567",
        "sometimes",
        "alien",
    ]


def same_id_row(i: int) -> list[str]:
    """A valid row whose linkage ID repeats on every row (each names the others)."""
    return ["DUP-1", "กรม", "outbound", "ชุด", "requested"] + ["", "", ""]


def lying_bomb(path: Path, inflated_mb: int) -> None:
    """An .xlsx-looking zip whose one part claims 4 KB and inflates to `inflated_mb` MB."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    body = b"".join(comp.compress(chunk) for _ in range(inflated_mb)) + comp.flush()
    out = io.BytesIO()
    name = b"xl/workbook.xml"

    crc, claimed = 0, 4096
    local = (
        b"PK\x03\x04"
        + (20).to_bytes(2, "little")
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + bytes(4)
        + crc.to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + claimed.to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + bytes(2)
        + name
    )
    out.write(local + body)
    cd_offset = out.tell()
    central = (
        b"PK\x01\x02"
        + (20).to_bytes(2, "little") * 2
        + (0).to_bytes(2, "little")
        + (8).to_bytes(2, "little")
        + bytes(4)
        + crc.to_bytes(4, "little")
        + len(body).to_bytes(4, "little")
        + claimed.to_bytes(4, "little")
        + len(name).to_bytes(2, "little")
        + bytes(12)
        + (0).to_bytes(4, "little")
        + name
    )
    out.write(central)
    out.write(
        b"PK\x05\x06"
        + bytes(4)
        + (1).to_bytes(2, "little") * 2
        + len(central).to_bytes(4, "little")
        + cd_offset.to_bytes(4, "little")
        + bytes(2)
    )
    path.write_bytes(out.getvalue())


def measure(path: Path, folder: Path) -> dict[str, object]:
    """Import one file in a child process: its exit code, seconds, peak RSS (MB), counts."""
    db = folder / f"{path.stem}.duckdb"
    code = (
        "import resource, sys; from loaders.__main__ import main; "
        f"rc = main(['import', {str(path)!r}, '--kind', 'register', '--db', {str(db)!r}]); "
        "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)); sys.exit(rc)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    try:
        printed = json.loads(done.stdout)
    except json.JSONDecodeError:
        printed = {"stdout": done.stdout[-300:]}
    peak_kb = int(done.stderr.strip().splitlines()[-1]) if done.stderr.strip() else 0
    return {
        "file": path.name,
        "size_mb": round(path.stat().st_size / 2**20, 1),
        "exit": done.returncode,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_kb / 1024),
        "accepted": printed.get("accepted"),
        "rejected": printed.get("rejected"),
        "errors_listed": len(printed.get("errors", [])),
        "not_listed": printed.get("rejected_not_listed"),
        "code": printed.get("code"),
    }


def main() -> None:
    """Build the files, import each in a child process, print one JSON line per file."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=48, help="size of each CSV file")
    parser.add_argument("--bomb-mb", type=int, default=1536, help="inflated size of the bomb")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for name, row in (("good", good_row), ("invalid", invalid_row), ("same_id", same_id_row)):
            path = folder / f"{name}.csv"
            _csv_file(path, args.mb, row)
            files.append(path)
        bomb = folder / "lying_bomb.xlsx"
        lying_bomb(bomb, args.bomb_mb)
        files.append(bomb)
        baseline = measure_idle(folder)
        print(json.dumps({"idle_process_peak_rss_mb": baseline}))
        for path in files:
            print(json.dumps(measure(path, folder), ensure_ascii=False), flush=True)


def measure_idle(folder: Path) -> int:
    """Peak RSS (MB) of a child that imports the loaders and does nothing else."""
    code = (
        "import resource, sys, loaders.__main__, loaders.importer; "
        "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    return round(int(done.stderr.strip().splitlines()[-1]) / 1024)


if __name__ == "__main__":
    main()
