"""The NLU evaluation's scoring: strict versus lenient accuracy, entity values, targets."""

from scripts import eval_nlu
from scripts.eval_nlu import DEV_PREFIX, evaluate, missed_targets, render

CODE = ("dossier_code", "000.00.06.H56-261103-0127")
BIRTH = ("procedure", "khai_sinh")


def _sets():
    examples = [
        ("a", "check_dossier_status", [CODE]),
        ("b", "procedure_info", [BIRTH]),
        ("c", "greet", []),
        ("d", "thank", []),
    ]
    sets = {name: examples for name in eval_nlu.SLICES}
    sets[eval_nlu.NFD_SLICE] = examples
    sets.update({DEV_PREFIX + name: examples for name in eval_nlu.DEV_SLICES})
    return sets


def _predictions(sets, rows):
    return {name: rows for name in sets}


def test_a_fallback_counts_as_wrong_in_strict_accuracy_only():
    sets = _sets()
    rows = [
        ("check_dossier_status", "check_dossier_status", [CODE]),
        ("nlu_fallback", "procedure_info", [BIRTH]),  # right guess, but the user gets a fallback
        ("greet", "greet", []),
        ("goodbye", "goodbye", []),  # plain wrong
    ]
    result = evaluate(sets, _predictions(sets, rows))
    assert result["strict"]["hard"] == 0.5
    assert result["lenient"]["hard"] == 0.75
    assert result["fallback"]["hard"] == 0.25


def test_entities_are_scored_by_value_on_the_final_parse():
    sets = _sets()
    rows = [
        ("check_dossier_status", "check_dossier_status", [CODE]),
        ("procedure_info", "procedure_info", [("procedure", "khai_tu")]),  # wrong value
        ("greet", "greet", [BIRTH]),  # spurious
        ("thank", "thank", []),
    ]
    result = evaluate(sets, _predictions(sets, rows))
    assert result["entities"]["dossier_code"][2] == 1.0
    p, r, f, gold = result["entities"]["procedure"]
    assert (p, r, f) == (0.0, 0.0, 0.0)
    assert gold == len(eval_nlu.SLICES)


def test_only_dev_errors_are_kept_and_dev_does_not_count_towards_held_out_figures():
    sets = _sets()
    rows = [
        ("greet", "greet", []),
        ("procedure_info", "procedure_info", [BIRTH]),
        ("greet", "greet", []),
        ("thank", "thank", []),
    ]
    result = evaluate(sets, _predictions(sets, rows))
    assert {name for name, *_ in result["dev_errors"]} == {
        DEV_PREFIX + name for name in eval_nlu.DEV_SLICES
    }
    assert result["intents"]["check_dossier_status"][3] == len(eval_nlu.SLICES)


def test_targets_apply_to_strict_accuracy_and_to_the_default_pipeline():
    sets = _sets()
    perfect = [(i, i, g) for _, i, g in sets["hard"]]
    fallback_once = [("nlu_fallback", perfect[0][1], [])] + perfect[1:]
    results = {
        "project": evaluate(sets, _predictions(sets, fallback_once)),
        "rasa_default": evaluate(sets, _predictions(sets, perfect)),
        "no_normaliser": evaluate(sets, _predictions(sets, perfect)),
    }
    missed = missed_targets(results)
    assert any(m.startswith("hard strict accuracy 0.750") for m in missed)
    assert any("worse than Rasa default" in m for m in missed)
    assert any(m.startswith("dossier_code value F1") for m in missed)
    report = render(results, {"project": 1.0}, {"hard": 4}, "2026-12-01")
    assert "2026-12-01" in report and "| hard | 0.90 | **0.750** | 1.000 |" in report
    # Held-out sentences are never listed, dev errors are.
    assert "| dev/plain | a |" in report
    assert "| hard | a |" not in report
