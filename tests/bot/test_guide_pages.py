from bot.channels.guide_pages import render_guide, render_index
from dvc_common.guides import all_guides


def test_guide_page_has_every_step_with_a_checkbox():
    guide = all_guides()["filing_online"]
    html = render_guide(guide)
    assert html.count('class="step"') == len(guide.steps)
    assert html.count('type="checkbox"') == len(guide.steps) + len(guide.prepare)
    assert "Cần chuẩn bị" in html and f"Bước 1/{len(guide.steps)}" in html
    assert 'lang="vi"' in html and "guide_print.css" in html


def test_texts_are_escaped():
    from dataclasses import replace

    guide = all_guides()["filing_online"]
    evil = replace(guide, title="<script>alert(1)</script>")
    html = render_guide(evil)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_index_links_every_guide():
    html = render_index()
    for guide_id in all_guides():
        assert f'href="/huong-dan/{guide_id}"' in html
