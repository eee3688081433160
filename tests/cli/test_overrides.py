"""Issue 11, point 6: settings changed on the command line solve a temporary copy unless
``--save-as NAME``, and the outputs say which."""

from __future__ import annotations

import json

import openpyxl

from bcprimary.db import open_database
from bcprimary.scenarios import get_scenario
from tests.cli.conftest import run_cli


def _budget(path, name):
    db = open_database(path)
    try:
        return get_scenario(db, name).settings.options.budget_gbp
    finally:
        db.dispose()


def _texts(path):
    book = openpyxl.load_workbook(path)
    return [str(c.value) for s in book.worksheets for r in s.iter_rows() for c in r if c.value]


def test_overrides_solve_a_temporary_copy_and_say_so(sample_db_path, tmp_path):
    out = tmp_path / "p.json"
    first = run_cli("--db", str(sample_db_path), "plan", "--out", str(out))
    assert first.returncode == 0, first.stderr
    default_budget = _budget(sample_db_path, "Default")
    result = run_cli(
        "--db", str(sample_db_path), "plan", "--budget", "900000", "--out", str(out)
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "temporary copy of 'Default'" in result.stdout and "nothing is stored" in result.stdout
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["scenario"] == "Default with budget £900,000 (not saved)"
    assert payload["parameters"]["options"]["budget_gbp"] == 900_000
    assert _budget(sample_db_path, "Default") == default_budget != 900_000


def test_save_as_keeps_a_named_variant_and_the_workbook_says_where_it_came_from(
    sample_db_path, tmp_path
):
    out = tmp_path / "tight.xlsx"
    result = run_cli(
        "--db", str(sample_db_path), "plan", "--budget", "900000", "--save-as", "Tight",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _budget(sample_db_path, "Tight") == 900_000
    assert _budget(sample_db_path, "Default") != 900_000
    texts = _texts(out)
    assert any("Created from 'Default' with budget £900,000." in t for t in texts)
    assert not any("Created with the default settings" in t for t in texts)
