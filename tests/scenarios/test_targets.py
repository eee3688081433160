"""One formula for targets and gaps: the Access picture's gap is the plan's gap before, with
need uplift on or off, on the packaged Black Country sample data."""

from __future__ import annotations

import numpy as np
import pytest

from bcprimary.analysis import build_access_picture
from bcprimary.db import open_database
from bcprimary.db.repository import UNALLOCATED
from bcprimary.importing import import_files
from bcprimary.sample import sample_files
from bcprimary.scenarios import build_plan_inputs, default_settings
from solver.derived import derive
from solver.run import solve


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("targets") / "sample.sqlite")
    assert all(o.ok for o in import_files(db, sample_files()))
    yield db
    db.dispose()


@pytest.mark.parametrize("uplift", ["none", "quintile", "score"])
def test_the_access_picture_gap_is_the_plans_gap_before(sample_db, uplift):
    with sample_db.session() as session:
        settings = default_settings(session).with_options(need_uplift=uplift)
        inputs = build_plan_inputs(session, settings)
        picture = build_access_picture(session, settings.analysis_options())
    derived = derive(inputs.parameters)
    pcns = picture.pcns.set_index("code").drop(index=UNALLOCATED, errors="ignore")
    assert list(pcns.index) == list(derived.pcn_codes)
    assert pcns["access_gap"].to_numpy() == pytest.approx(derived.access_gap)
    assert pcns["target_appointments"].to_numpy() == pytest.approx(derived.target)
    assert picture.area["access_gap"] == pytest.approx(derived.access_gap.sum())
    if uplift != "none":
        plain = derive(inputs.parameters.with_options(need_uplift="none"))
        assert derived.access_gap.sum() > plain.access_gap.sum()  # the uplift does raise it


def test_the_solved_plan_reports_the_same_gap_before(sample_db):
    with sample_db.session() as session:
        settings = default_settings(session).with_options(need_uplift="quintile")
        inputs = build_plan_inputs(session, settings)
    result = solve(inputs.parameters, baselines=False, marginal=False)
    assert result.totals["gap_before"] == pytest.approx(inputs.picture.area["access_gap"])
    assert np.isfinite(result.totals["gap_after"])


def test_the_default_access_view_matches_a_default_scenario(sample_db):
    with sample_db.session() as session:
        inputs = build_plan_inputs(session, default_settings(session))
        picture = build_access_picture(session)
    assert picture.area["access_gap"] == pytest.approx(derive(inputs.parameters).access_gap.sum())
