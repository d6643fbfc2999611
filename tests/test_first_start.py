"""A first start: the store is prepared in the background and the first page shows progress.

serve.py starts the preparation (opening the store, loading the sample into an empty one) when
the server starts; a page run that comes before it has finished draws a progress bar until it
has, instead of a blank screen (issue 14, point 4)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from loaders.sample import SAMPLE_STEPS, load_sample, sample_loaded
from loaders.store import open_store
from ui import db


@pytest.fixture
def fresh(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No store yet, and this process has prepared none."""
    monkeypatch.setenv("LINKAGE_DB", str(db_path))
    monkeypatch.setattr(db, "_prepared", set())
    monkeypatch.setattr(db, "_preparations", {})
    return db_path


def test_loading_the_sample_reports_each_step_in_order(db_path: Path):
    steps: list[tuple[int, int]] = []
    con = open_store(db_path)
    try:
        load_sample(con, progress=lambda done, total: steps.append((done, total)))
    finally:
        con.close()
    assert steps == [(i, SAMPLE_STEPS) for i in range(SAMPLE_STEPS + 1)]


def test_the_background_preparation_loads_the_sample_once(fresh: Path):
    preparation = db.prepare_in_background()
    assert db.prepare_in_background() is preparation  # a second call starts nothing more
    assert preparation.finished.wait(120)
    assert (preparation.done, preparation.total) == (SAMPLE_STEPS, SAMPLE_STEPS)
    assert str(fresh) in db._prepared
    con = open_store(fresh, read_only=True)
    try:
        assert sample_loaded(con)
        assert con.execute("SELECT count(*) FROM linkages").fetchone()[0] > 0
    finally:
        con.close()


def test_a_page_run_shows_progress_until_the_preparation_has_finished(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    """The preparation is held at its second step until the waiting side has shown a step: the
    wait returns only once it has finished, having shown what was done so far."""
    shown: list[tuple[int, int]] = []
    release = threading.Event()

    def held_sample(con, progress=None):
        progress(1, SAMPLE_STEPS)
        assert release.wait(60), "the waiting side never showed the progress"
        progress(SAMPLE_STEPS, SAMPLE_STEPS)
        return True

    monkeypatch.setattr(db, "ensure_sample", held_sample)
    preparation = db.prepare_in_background()

    def show(done: int, total: int) -> None:
        shown.append((done, total))
        if done == 1:
            release.set()

    db.wait_for_preparation(preparation, show, poll=0.01)
    assert preparation.finished.is_set()
    assert (1, SAMPLE_STEPS) in shown
    assert str(fresh) in db._prepared


def test_a_failed_background_preparation_leaves_the_page_to_try_again(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
):
    def broken(con, progress=None):
        raise OSError("disk full")

    monkeypatch.setattr(db, "ensure_sample", broken)
    preparation = db.prepare_in_background()
    assert preparation.finished.wait(60)
    assert str(fresh) not in db._prepared  # the first page run offers the sample again
