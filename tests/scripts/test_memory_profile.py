"""The memory profile's report: one row per component that costs memory."""

from pathlib import Path

from scripts.memory_profile import SECTION, report, rss_mb
from scripts.report_sections import markers


def test_resident_memory_is_read_from_proc():
    assert rss_mb() > 10


def test_report_lists_costly_components_first_and_sums_the_rest():
    text = report(
        Path("/tmp/model.tar.gz"),
        500.0,
        [("tokenizer", 0.2), ("diet", 230.0), ("second_request", 7.0), ("synonyms", 0.3)],
        737.5,
        740.0,
    )
    start, end = markers(SECTION)
    assert text.startswith(start) and text.rstrip().endswith(end)
    rows = [line for line in text.splitlines() if line.startswith("| +")]
    assert rows == [
        "| + diet | 230 |",
        "| + second_request | 7 |",
        "| + the other 2 components | 0 |",
    ]
    assert "| **model loaded** | **738** |" in text
