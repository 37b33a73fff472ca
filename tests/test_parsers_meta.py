"""Metadata lines ``[score]CATEGORY<date>[Code]`` and dates without a year."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from parsers import parse_file, parse_text
from parsers.dates import parse_date, parse_meta

SAVED = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("line", "score", "category", "date", "code"),
    [
        ("19.5ARNov 15, 2022", 19.5, "AR", "2022-11-15", False),
        ("CVMar 15, 2023Code", None, "CV", "2023-03-15", True),
        ("CVMar 15, 2023 Code", None, "CV", "2023-03-15", True),
        ("10.3QUANT-PHJul 4, 2022", 10.3, "QUANT-PH", "2022-07-04", False),
        ("100CVMar 1, 2023", 100.0, "CV", "2023-03-01", False),
        ("0.4LGApr 9, 2022Code", 0.4, "LG", "2022-04-09", True),
        ("Nov 15, 2022", None, None, "2022-11-15", False),
        ("7.7Nov 15, 2022", 7.7, None, "2022-11-15", False),
        # categories ending in the letter their month starts with
        ("MAMay 3, 2023", None, "MA", "2023-05-03", False),
        ("2.5MAMay 3, 2023Code", 2.5, "MA", "2023-05-03", True),
        ("DSDec 9, 2022", None, "DS", "2022-12-09", False),
        ("DMDec 1, 2020", None, "DM", "2020-12-01", False),
        ("NANov 10, 2021", None, "NA", "2021-11-10", False),
        ("NENov 5, 2021", None, "NE", "2021-11-05", False),
        ("SOSep 30, 2024", None, "SO", "2024-09-30", False),
        ("OAOct 2, 2023", None, "OA", "2023-10-02", False),
        ("COOct 3, 2022", None, "CO", "2022-10-03", False),
        ("ASAug 14, 2023", None, "AS", "2023-08-14", False),
        ("MSMar 3, 2021", None, "MS", "2021-03-03", False),
        ("GRJun 6, 2024", None, "GR", "2024-06-06", False),
        ("SDJul 19, 2023", None, "SD", "2023-07-19", False),
        ("FLFeb 2, 2024", None, "FL", "2024-02-02", False),
        ("CLJan 30, 2024", None, "CL", "2024-01-30", False),
        ("IRApr 1, 2021", None, "IR", "2021-04-01", False),
        # several parts, arXiv style
        ("cs.CVMar 15, 2023", None, "cs.CV", "2023-03-15", False),
        ("3.1math.OCJun 2, 2023Code", 3.1, "math.OC", "2023-06-02", True),
        ("astro-ph.GAApr 1, 2022", None, "astro-ph.GA", "2022-04-01", False),
        ("COND-MAT.STAT-MECHFeb 3, 2023", None, "COND-MAT.STAT-MECH", "2023-02-03", False),
        ("EESS.IVJan 9, 2024Code", None, "EESS.IV", "2024-01-09", True),
        # full and dotted month names
        ("CVMarch 15, 2023", None, "CV", "2023-03-15", False),
        ("LGSeptember 18, 2022", None, "LG", "2022-09-18", False),
        ("LGSept 18, 2022", None, "LG", "2022-09-18", False),
        ("CVJune 1, 2023", None, "CV", "2023-06-01", False),
        ("ROJuly 4, 2021", None, "RO", "2021-07-04", False),
        ("CVDec. 24, 2020", None, "CV", "2020-12-24", False),
        # leap day
        ("LGFeb 29, 2024", None, "LG", "2024-02-29", False),
    ],
)
def test_metadata_line(line, score, category, date, code):
    meta = parse_meta(line, SAVED)
    assert meta is not None
    assert (meta.score, meta.category, meta.date, meta.has_code) == (score, category, date, code)
    assert meta.year == int(date[:4])
    assert not meta.year_inferred
    assert meta.bad_date is None


@pytest.mark.parametrize(
    ("line", "saved", "date"),
    [
        ("91.1ROMar 17", dt.date(2026, 11, 22), "2026-03-17"),
        ("CVNov 22", dt.date(2026, 11, 22), "2026-11-22"),  # the save day itself
        # later in the year than the save date: last year's
        ("CVNov 23", dt.date(2026, 11, 22), "2025-11-23"),
        ("LGDec 30Code", dt.date(2026, 1, 10), "2025-12-30"),
        ("MAMay 3", dt.date(2026, 11, 22), "2026-05-03"),
        ("LGFeb 29", dt.date(2024, 3, 1), "2024-02-29"),
        ("CLSeptember 9", dt.date(2025, 9, 10), "2025-09-09"),
    ],
)
def test_dates_without_a_year_take_the_save_year(line, saved, date):
    meta = parse_meta(line, saved)
    assert (meta.date, meta.year, meta.year_inferred) == (date, int(date[:4]), True)


@pytest.mark.parametrize(
    ("line", "saved", "bad"),
    [
        ("CVFeb 30, 2023", SAVED, "Feb 30, 2023"),
        ("1.2LGFeb 29, 2023Code", SAVED, "Feb 29, 2023"),
        ("CVApr 31, 2022", SAVED, "Apr 31, 2022"),
        ("ROJun 0, 2022", SAVED, "Jun 0, 2022"),
        ("CVMar 32", SAVED, "Mar 32"),
        ("LGFeb 29", dt.date(2025, 3, 1), "Feb 29"),  # 2025 has none, nor 2024... after it
    ],
)
def test_impossible_dates_are_rejected(line, saved, bad):
    meta = parse_meta(line, saved)
    # still a metadata line (it must not land in an abstract), but with no date
    assert meta is not None
    assert (meta.date, meta.year, meta.bad_date) == (None, None, bad)


@pytest.mark.parametrize(
    "line",
    [
        "Feb 30, 2023",  # a lone impossible date says nothing
        "CV",
        "19.5",
        "Nov 15, 2022 was the day",
        "The CVMar 15, 2023",
        "CVMar 15, 2023 Code and more",
        "cvMar 15, 2023",
        "CVMar 15, 1823",
        "CVMay",
        "Efficient Training with Denoised Neural WeightsYifan Gong, Zheng Zhan et al.",
        "19.5ARNov 15, 2022" * 4,
    ],
)
def test_not_metadata(line):
    assert parse_meta(line, SAVED) is None


@pytest.mark.parametrize(
    ("text", "iso", "inferred"),
    [
        ("Mar 13", "2026-03-13", True),
        ("Dec 25", "2025-12-25", True),
        ("Nov 15, 2022", "2022-11-15", False),
    ],
)
def test_page_dates(text, iso, inferred):
    iso_out, year, inferred_out = parse_date(text, SAVED)
    assert (iso_out, year, inferred_out) == (iso, int(iso[:4]), inferred)


FEED_WITHOUT_YEARS = """\
91.1ROMar 17
StereoVoxelNet: Real-Time Obstacle Detection Based on Occupancy Voxels from a Stereo Camera \
Using Deep Neural NetworksHongyu Li, Zhengang Li, Neset Unver Akmandor et al.
Obstacle detection is a safety-critical problem in robot navigation, where stereo matching is a \
popular vision-based approach. We propose an end-to-end voxel-based method.
8.7CVJan 3Code
Efficient Training with Denoised Neural WeightsYifan Gong, Zheng Zhan, Yanyu Li et al.
Good weight initialization serves as an effective measure to reduce the training cost of a deep \
neural network model. We build a weight generator to synthesize the neural weights.
"""


def _saved_on(path, day: dt.date) -> None:
    stamp = time.mktime(dt.datetime(day.year, day.month, day.day, 12, 0).timetuple())
    os.utime(path, (stamp, stamp))


def test_year_comes_from_the_file_modification_time(tmp_path):
    page = tmp_path / "feed.txt"
    page.write_text(FEED_WITHOUT_YEARS, encoding="utf-8")
    _saved_on(page, dt.date(2025, 1, 15))
    result = parse_file(page)
    assert result.ok and result.format == "feed"
    first, second = result.papers
    # Mar 17 is after the save day (Jan 15, 2025): it is the March before
    assert (first.date, first.year, first.year_inferred) == ("2024-03-17", 2024, True)
    assert (second.date, second.year, second.year_inferred) == ("2025-01-03", 2025, True)
    assert (second.category, second.score, second.has_code) == ("CV", 8.7, True)
    assert any("2025-01-15" in w and "no year" in w for w in result.warnings)


def test_an_explicit_save_date_wins_over_the_mtime(tmp_path):
    page = tmp_path / "feed.txt"
    page.write_text(FEED_WITHOUT_YEARS, encoding="utf-8")
    _saved_on(page, dt.date(2025, 1, 15))
    result = parse_file(page, saved=dt.date(2026, 6, 1))
    assert [p.date for p in result.papers] == ["2026-03-17", "2026-01-03"]


def test_profile_year_from_mtime(tmp_path):
    page = tmp_path / "profile.txt"
    page.write_text(
        "h-index12\n12papers\n\n2 Papers\n\n"
        "CVDec 30\nSnapFusion: Text-to-Image Diffusion Model on Mobile Devices within Two "
        "Seconds\n\nYanyu Li, Huan Wang, Qing Jin et al.\n\nText-to-image diffusion models can "
        "create stunning images from natural language descriptions.\n\n"
        "LGJan 2, 2024\nSparCL: Sparse Continual Learning on the Edge\n\nZifeng Wang, Zheng "
        "Zhan, Yifan Gong et al.\n\nExisting work in continual learning focuses on the accuracy "
        "of models.\n",
        encoding="utf-8",
    )
    _saved_on(page, dt.date(2024, 1, 5))
    result = parse_file(page)
    assert result.format == "profile"
    assert [(p.date, p.year_inferred) for p in result.papers] == [
        ("2023-12-30", True),
        ("2024-01-02", False),
    ]
    assert any(w.startswith("1 date had no year on the page (paper 1)") for w in result.warnings)


def test_impossible_date_on_a_page_is_reported_not_invented():
    page = (
        "CVFeb 30, 2023\n"
        "Rethinking Vision Transformers for MobileNet Size and SpeedYanyu Li, Ju Hu, Yang Wen "
        "et al.\n"
        "With the success of Vision Transformers (ViTs) in computer vision tasks, recent arts "
        "try to optimize the performance and complexity of ViTs.\n"
        "Search for Efficient Large Language ModelsXuan Shen, Pu Zhao, Yifan Gong et al. "
        "\u00b7 harvard\n"
        "Large Language Models (LLMs) have long held sway in the realms of artificial "
        "intelligence research.\n"
    )
    result = parse_text(page, saved=SAVED)
    assert result.format == "feed"
    first = result.papers[0]
    assert (first.category, first.date, first.year) == ("CV", None, None)
    assert "Feb 30" not in (first.abstract or "")
    assert any("'Feb 30, 2023' is not a real date" in w for w in result.warnings)
