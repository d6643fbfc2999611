"""Never lose data: an import killed mid-way, two imports at once, a damaged file, backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from loaders import __main__ as cli
from loaders.backup import list_backups, make_backup
from loaders.importer import commit, import_bytes, preview
from loaders.store import StoreError, open_store
from tests.conftest import ROOT
from tests.fingerprint import file_sha256, store_contents

HEADER = "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ,หมายเหตุ\n"
STATUSES = ("requested", "approved", "linked", "in_use")


def _register(ids: range, prefix: str = "L", status: str = "requested", note: str = "") -> bytes:
    """A register CSV: one linkage per id (the first ones may update stored rows)."""
    lines = [
        f"{prefix}-{i:06d},กรมที่ {i % 97},{'outbound' if i % 2 else 'inbound'},ชุด {i % 13},{status},{note}\n"
        for i in ids
    ]
    return (HEADER + "".join(lines)).encode("utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store file with 500 linkages from one earlier import."""
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    import_bytes(con, _register(range(500)), "first.csv", "register")
    con.execute("CHECKPOINT")
    con.close()
    return path


def _count(path: Path, table: str = "linkages") -> int:
    """Rows of a table in the store file."""
    return store_contents(path)[table][0]


# --- an import killed mid-way ---------------------------------------------------------------------
SLOW_COMMIT = """
import sys, time
import loaders.importer as importer
original = importer._write
def marked(*args, **kwargs):
    upload_id = original(*args, **kwargs)   # every row written, the transaction not committed
    sys.stderr.write("WRITTEN\\n"); sys.stderr.flush()
    time.sleep(60)
    return upload_id
importer._write = marked
from loaders.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def _start(args: list[str], code: str | None = None) -> subprocess.Popen:
    """`python -m loaders ...` (or `python -c code ...`) in a new process."""
    command = (
        [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "loaders", *args]
    )
    return subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _holds(pid: int, path: Path) -> bool:
    """Whether a process has this file open (it has started on the store)."""
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


def test_import_killed_inside_its_transaction_leaves_the_store_as_before(store, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(
        _register(range(20_000), status="linked", note="แก้ไข")
    )  # 500 updates, 19,500 new
    before = store_contents(store)
    proc = _start(["import", str(big), "--kind", "register", "--db", str(store)], SLOW_COMMIT)
    try:
        line = proc.stderr.readline()  # blocks until the marker: all rows written, not committed
        assert line.strip() == "WRITTEN", line + proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert store_contents(store) == before
    con = open_store(store)  # opens for writing after the crash, and takes the next import
    import_bytes(con, _register(range(500, 510)), "after.csv", "register")
    con.close()
    assert _count(store) == 510


def test_real_import_killed_at_any_moment_leaves_before_or_after(store, tmp_path):
    """The real command, killed a little after it opened the store, retried with longer delays:
    the store is exactly as before or (when the commit was already through) holds the whole
    import, never a part; and it always opens afterwards."""
    big = tmp_path / "big.csv"
    big.write_bytes(_register(range(30_000), status="approved"))
    outcomes = []
    for delay in (0.0, 0.05, 0.15, 0.4):
        before = store_contents(store)
        proc = _start(["import", str(big), "--kind", "register", "--db", str(store)])
        try:
            deadline = time.monotonic() + 120
            while not _holds(proc.pid, store) and proc.poll() is None:
                assert time.monotonic() < deadline
                time.sleep(0.002)
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        finally:
            proc.kill()
        after = store_contents(store)
        if after == before:
            outcomes.append("before")
        else:  # the commit landed before the kill: all of it
            assert after["linkages"][0] == 30_000
            assert after["uploads"][0] == before["uploads"][0] + 1
            outcomes.append("after")
        open_store(store).close()
    assert "before" in outcomes  # at least one kill hit the import while it was writing


# --- two imports at once ------------------------------------------------------------------------------
def test_two_threads_importing_on_one_connection_both_land(store):
    """Two sessions of the dashboard share the process's connection: commits are serialised,
    each compares again inside its transaction, so neither overwrites the other's rows."""
    con = open_store(store)
    # Both files change L-000007, each a different field; each adds its own new rows.
    first = (
        _register(range(500, 1500), prefix="L")
        + "L-000007,กรมที่ 7,outbound,ชุด 7,approved,\n".encode()
    )
    second = (
        _register(range(1500, 2500), prefix="L")
        + "L-000007,กรมที่ 7,outbound,ชุด 7,requested,ด่วน\n".encode()
    )
    previews = [
        preview(con, data, f"{n}.csv", "register") for n, data in enumerate((first, second))
    ]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(prev) -> None:
        barrier.wait()
        try:
            results.append(commit(con, prev, uploaded_by="thread"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in previews]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    con.close()
    assert errors == []
    assert sorted(r.upload_id for r in results) == [2, 3]
    assert _count(store) == 2500  # 500 stored + 1,000 + 1,000 new, none lost
    by_upload = {r.upload_id: r.preview.file_name for r in results}
    values = {"0.csv": ("approved", None), "1.csv": ("requested", "ด่วน")}
    con = open_store(store)
    row = con.execute("SELECT status, notes FROM linkages WHERE linkage_id = 'L-000007'").fetchone()
    history = con.execute(
        "SELECT upload_id, field, old_value, new_value FROM linkage_history "
        "WHERE linkage_id = 'L-000007' AND upload_id > 1 ORDER BY upload_id, field"
    ).fetchall()
    con.close()
    # The later commit is the row's latest state; it was compared with the earlier commit's
    # row (not with the stale preview), so the history chains: nothing is silently lost.
    assert row == values[by_upload[3]]
    first, second = values[by_upload[2]], values[by_upload[3]]
    expected = []
    for upload_id, old, new in ((2, ("requested", None), first), (3, first, second)):
        for field, was, now in sorted(zip(("status", "notes"), old, new, strict=True)):
            if was != now:
                expected.append((upload_id, field, was, now))
    assert history == expected


def test_two_processes_importing_with_wait_both_land(store, tmp_path):
    files = []
    for n, ids in enumerate((range(500, 3000), range(3000, 5500))):
        path = tmp_path / f"p{n}.csv"
        path.write_bytes(_register(ids))
        files.append(path)
    procs = [_start(["import", str(f), "--db", str(store), "--wait", "60"]) for f in files]
    outcomes = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outcomes
    assert sorted(json.loads(out)["accepted"] for out, _ in outcomes) == [2500, 2500]
    assert _count(store) == 5500
    assert _count(store, "uploads") == 3


HOLDER = """
import sys, time
from loaders.store import open_store
con = open_store(sys.argv[1])
print("HOLDING", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_import_while_another_process_holds_the_store_is_told_to_retry(store, tmp_path):
    holder = _start([str(store), "30"], HOLDER)
    try:
        assert holder.stdout.readline().strip() == "HOLDING"
        data = tmp_path / "late.csv"
        data.write_bytes(_register(range(500, 600)))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli.main(["import", str(data), "--db", str(store), "--wait", "0.5"])
        printed = json.loads(out.getvalue())
        assert code == 2 and printed["code"] == "store"
        assert "in use by another process" in printed["message_en"]
        assert "try again" in printed["message_en"]
    finally:
        holder.kill()
        holder.wait(10)
    assert _count(store) == 500  # nothing half-done; the retry lands
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["import", str(data), "--db", str(store), "--wait", "5"]) == 0
    assert _count(store) == 600


# --- a damaged file ------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["garbled", "truncated"])
def test_damaged_file_is_reported_with_the_latest_backup_and_left_alone(store, tmp_path, damage):
    # An injected clock (never a sleep): the older backup is made last, dated an hour earlier.
    taken = dt.datetime(2026, 3, 1, 9, 0, 0)
    latest = make_backup(store, "latest", now=taken)
    make_backup(store, "older", now=taken - dt.timedelta(hours=1))
    data = store.read_bytes()
    if damage == "garbled":
        data = data[:4096] + bytes(b ^ 0x5A for b in data[4096:12288]) + data[12288:]
    else:
        data = data[: len(data) // 3]
    store.write_bytes(data)
    damaged = file_sha256(store)
    with pytest.raises(StoreError) as error:
        open_store(store).close()
    assert not error.value.busy
    assert str(latest.path) in error.value.en and str(latest.path) in error.value.th
    assert "damaged" in error.value.en
    out = io.StringIO()
    source = tmp_path / "x.csv"
    source.write_bytes(_register(range(3)))
    with contextlib.redirect_stdout(out):
        assert cli.main(["import", str(source), "--db", str(store)]) == 2
    assert str(latest.path) in json.loads(out.getvalue())["message_en"]
    assert file_sha256(store) == damaged  # never silently replaced
    # Restoring the latest backup keeps the damaged file aside and brings the data back.
    with contextlib.redirect_stdout(out := io.StringIO()):
        assert cli.main(["restore", str(latest.path), "--db", str(store), "--json"]) == 0
    saved = Path(json.loads(out.getvalue())["previous_saved_as"])
    assert saved.name.endswith("-damaged") and file_sha256(saved) == damaged
    assert _count(store) == 500


def test_no_backup_is_said_too(tmp_path):
    path = tmp_path / "linkage.duckdb"
    path.write_bytes(b"DUCK" + bytes(range(256)) * 64)
    with pytest.raises(StoreError, match="No backup was found"):
        open_store(path)


# --- backups ----------------------------------------------------------------------------------------
def _cli(*args: str) -> tuple[int, dict]:
    """`python -m loaders ...` in this process with --json; its code and JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main([*args, "--json"])
    return code, json.loads(out.getvalue())


def test_backup_and_restore_commands(store):
    before = store_contents(store)
    code, made = _cli("backup", "--db", str(store))
    assert code == 0 and Path(made["backup"]).exists()
    con = open_store(store)
    import_bytes(con, _register(range(500, 700)), "more.csv", "register")
    con.close()
    assert _count(store) == 700
    code, listed = _cli("backup", "--list", "--db", str(store))
    assert [b["path"] for b in listed["backups"]] == [made["backup"]]
    code, restored = _cli("restore", made["backup"], "--db", str(store))
    assert code == 0
    # Everything as backed up, but the audit trail: it survives the restore and records it.
    assert store_contents(store, skip=("audit_log",)) == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    assert _count(store, "audit_log") == 2  # the backup, then the restore
    previous = Path(restored["previous_saved_as"])
    assert previous.name.endswith("-before-restore")
    assert store_contents(previous)["linkages"][0] == 700  # the replaced file was kept
    assert {b.label for b in list_backups(store)} == {"manual", "before-restore"}


def test_restore_refuses_while_another_process_holds_the_store(store):
    backup = make_backup(store)
    holder = _start([str(store), "30"], HOLDER)
    try:
        assert holder.stdout.readline().strip() == "HOLDING"
        current = file_sha256(store)
        code, refused = _cli("restore", str(backup.path), "--db", str(store))
        assert code == 2 and refused["busy"] is True
        assert "in use by another process" in refused["message_en"]
        assert file_sha256(store) == current
    finally:
        holder.kill()
        holder.wait(10)
    assert [b.label for b in list_backups(store)] == ["manual"]  # nothing made on the way


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_restore_refuses_a_backup_that_does_not_open(store, tmp_path, content):
    bad = tmp_path / "linkage.duckdb.bak-20260101-000000-manual"
    bad.write_bytes(content)
    current = file_sha256(store)
    code, refused = _cli("restore", str(bad), "--db", str(store))
    assert code == 2
    assert (
        "nothing was restored" in refused["message_en"]
        or "no dashboard data" in refused["message_en"]
    )
    assert file_sha256(store) == current
    assert not list(tmp_path.glob("*.restoring-*"))


def test_restore_refuses_a_duckdb_file_that_is_not_a_store(store, tmp_path):
    import duckdb

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    code, refused = _cli("restore", str(other), "--db", str(store))
    assert code == 2 and "not made by the linkage dashboard" in refused["message_en"]
    assert _count(store) == 500


def test_backup_text_output_is_bilingual(store, capsys):
    assert cli.main(["backup", "--db", str(store)]) == 0
    printed = capsys.readouterr().out
    assert "สำรองฐานข้อมูลไว้ที่" in printed and "backed up to" in printed


def test_sample_removal_makes_a_backup_first(tmp_path):
    from loaders.sample import load_sample, remove_sample

    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    load_sample(con)
    remove_sample(con)
    con.close()
    labels = {b.label for b in list_backups(path)}
    assert "before-sample-removal" in labels
