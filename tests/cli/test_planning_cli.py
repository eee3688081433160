"""End to end through the command line on the packaged sample data: demo, plan, frontier,
scenarios, table."""

from __future__ import annotations

import csv
import itertools
import json

import pytest

from tests.cli.conftest import run_cli

#: End to end: each command runs in a fresh process.
pytestmark = pytest.mark.slow


def test_demo_on_an_empty_database_loads_the_sample_and_prints_the_plan(tmp_path):
    db = tmp_path / "fresh folder" / "new db.sqlite"
    out = tmp_path / "demo plan.json"
    result = run_cli("--db", str(db), "demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Loading the Black Country sample data" in text
    assert "Status: optimal" in text
    assert "independently verified" in text
    assert "Baseline fair shares" in text and "By place:" in text
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["kpis"]["status"] == "optimal"
    assert payload["data"]["synthetic_inputs"] is True
    # A second demo reuses the loaded data and the saved scenario.
    again = run_cli("--db", str(db), "demo")
    assert again.returncode == 0 and "Loading the Black Country" not in again.stdout


def test_plan_json_has_parameters_status_kpis_and_allocation(sample_db_path, tmp_path):
    out = tmp_path / "plan.json"
    result = run_cli(
        "--db",
        str(sample_db_path),
        "plan",
        "--budget",
        "1500000",
        "--objective",
        "equity",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["parameters"]["options"]["budget_gbp"] == 1_500_000
    assert payload["parameters"]["options"]["objective"] == "equity"
    kpis = payload["kpis"]
    assert kpis["status"] == "optimal" and kpis["verified"]
    # The dental lever has its own budget by default; roles and sessions share the main one.
    assert kpis["role_cost_gbp"] + kpis["commissioned_cost_gbp"] <= 1_500_000 + 1e-6
    assert kpis["gap_after"] < kpis["gap_before"]
    allocation = payload["allocation"]
    assert allocation and {"pcn_code", "role_code", "wte"} <= set(allocation[0])
    cost = sum(row["annual_cost_gbp"] for row in allocation)
    assert cost == pytest.approx(kpis["role_cost_gbp"])
    assert set(payload["baselines"]) == {"fair_shares", "greedy"}
    # The equity objective first minimises the worst relative gap (within its 1% tolerance),
    # so that is where it must beat the baselines.
    for baseline in payload["baselines"].values():
        worst = baseline["worst_relative_gap_after"]
        assert kpis["worst_relative_gap_after"] <= worst * 1.01 + 1e-9


def test_same_scenario_same_data_same_plan(sample_db_path, tmp_path):
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        assert run_cli("--db", str(sample_db_path), "plan", "--out", str(out)).returncode == 0
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in outs)
    assert first["allocation"] == second["allocation"]
    assert first["kpis"]["objective_value"] == second["kpis"]["objective_value"]
    for baseline in first["baselines"].values():
        assert first["kpis"]["objective_value"] <= baseline["objective_value"] + 1e-9


def test_frontier_writes_one_row_per_budget_and_never_rises(sample_db_path, tmp_path):
    out = tmp_path / "frontier.csv"
    result = run_cli(
        "--db", str(sample_db_path), "frontier", "--budgets", "0:3000000:6", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig") as handle:  # one CSV writer: with a BOM for Excel
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6
    budgets = [float(r["budget_gbp"]) for r in rows]
    assert budgets == sorted(budgets) and budgets[0] == 0 and budgets[-1] == 3_000_000
    column = next(c for c in rows[0] if "objective" in c and "greedy" not in c and "fair" not in c)
    values = [float(r[column]) for r in rows]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(values))


def test_scenarios_list_show_delete(sample_db_path, tmp_path):
    assert (
        run_cli("--db", str(sample_db_path), "plan", "--out", str(tmp_path / "p.json")).returncode
        == 0
    )
    listed = run_cli("--db", str(sample_db_path), "scenarios", "list")
    assert "Default" in listed.stdout and "solved" in listed.stdout
    shown = run_cli("--db", str(sample_db_path), "scenarios", "show", "Default")
    record = json.loads(shown.stdout)
    assert record["name"] == "Default" and record["data"]["registered_patients"]
    assert record["data"]["files"], "the data files used are recorded"
    missing = run_cli("--db", str(sample_db_path), "scenarios", "show", "Nope")
    assert missing.returncode == 2 and "no scenario called 'Nope'" in missing.stderr
    deleted = run_cli("--db", str(sample_db_path), "scenarios", "delete", "Default")
    assert deleted.returncode == 0
    after = run_cli("--db", str(sample_db_path), "scenarios", "list").stdout
    assert after.startswith("No scenarios yet")


def test_table_command_writes_csv_and_xlsx(sample_db_path, tmp_path):
    out = tmp_path / "pcn table.csv"
    result = run_cli("--db", str(sample_db_path), "table", "pcn", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 28
    assert {"code", "name", "place", "imd_quintile", "access_gap"} <= set(rows[0])
    xlsx = tmp_path / "places.xlsx"
    assert (
        run_cli("--db", str(sample_db_path), "table", "place", "--out", str(xlsx)).returncode == 0
    )
    import openpyxl

    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet.max_row == 6  # header + 4 places + unallocated


def test_bad_budget_range_is_a_clear_rejection(sample_db_path, tmp_path):
    result = run_cli(
        "--db",
        str(sample_db_path),
        "frontier",
        "--budgets",
        "5:1",
        "--out",
        str(tmp_path / "f.csv"),
    )
    assert result.returncode == 2
    assert "START:STOP:COUNT" in result.stderr


def test_the_stored_frontier_goes_into_plan_out(sample_db_path, tmp_path):
    """`frontier` stores the frontier with the plan; `plan --out x.xlsx` reads it back."""
    import openpyxl

    from bcprimary.db import open_database
    from bcprimary.scenarios import stored_plan

    csv_out = tmp_path / "frontier.csv"
    db = ("--db", str(sample_db_path))
    done = run_cli(*db, "frontier", "--budgets", "0:2000000:3", "--out", str(csv_out))
    assert done.returncode == 0, done.stderr
    xlsx = tmp_path / "plan.xlsx"
    done = run_cli(*db, "plan", "--out", str(xlsx))
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    assert "Frontier" in workbook.sheetnames
    workbook.close()
    database = open_database(sample_db_path)
    frontier = stored_plan(database, "Default").frontier
    database.dispose()
    assert list(frontier.table["budget_gbp"]) == [0.0, 1_000_000.0, 2_000_000.0]
