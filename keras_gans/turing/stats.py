"""The numbers of a Turing test: accuracy with its 95% Wilson interval, the
fool rate (how often generated images were taken as real), the confusion
matrix, per class and per rater.

The interval is scipy's: ``scipy.stats.binomtest(k, n).proportion_ci(
method="wilson")``, the Wilson score interval (without continuity
correction), which stays inside [0, 1] and behaves at k = 0 or k = n and
for the small n of a human study, where the normal ("Wald") interval does
not.
"""

__all__ = ["wilson_interval", "proportion", "summarize", "CONFIDENCE"]

CONFIDENCE = 0.95


def wilson_interval(k, n, confidence=CONFIDENCE):
    """``(low, high)`` of the Wilson score interval for ``k`` successes in
    ``n`` trials, or ``None`` when ``n == 0``."""
    k, n = int(k), int(n)
    if n == 0:
        return None
    if not 0 <= k <= n:
        raise ValueError(f"Need 0 <= k <= n; received k={k}, n={n}.")
    from scipy.stats import binomtest

    ci = binomtest(k, n).proportion_ci(confidence_level=confidence,
                                       method="wilson")
    return float(ci.low), float(ci.high)


def proportion(k, n, confidence=CONFIDENCE):
    """``{"k", "n", "rate", "ci95"}``: rate is ``k / n`` (None if n = 0)."""
    interval = wilson_interval(k, n, confidence)
    return {"k": int(k), "n": int(n),
            "rate": (k / n) if n else None,
            "ci95": None if interval is None else list(interval)}


def _block(rows):
    """Accuracy, fool rate and confusion matrix of some answer rows."""
    n = len(rows)
    correct = sum(r["answer"] == r["source"] for r in rows)
    fake = [r for r in rows if r["source"] == "fake"]
    real = [r for r in rows if r["source"] == "real"]
    fooled = sum(r["answer"] == "real" for r in fake)
    acc = proportion(correct, n)
    return {
        "answers": n,
        "correct": correct,
        "accuracy": acc["rate"],
        "accuracy_ci95": acc["ci95"],
        # generated images answered "real", among generated images answered
        "fool_rate": proportion(fooled, len(fake))["rate"],
        "fool_rate_ci95": proportion(fooled, len(fake))["ci95"],
        # real images answered "real", among real images answered
        "real_recognised_rate": proportion(
            sum(r["answer"] == "real" for r in real), len(real))["rate"],
        # confusion[truth][answer]
        "confusion": {truth: {answer: sum(
            r["source"] == truth and r["answer"] == answer for r in rows)
            for answer in ("real", "fake")} for truth in ("real", "fake")},
    }


def summarize(rows, config=None, image_counts=None, raters=None,
              class_names=None):
    """The results JSON of a session from its answer rows (dicts with
    ``rater``, ``source``, ``label``, ``answer``; see
    ``Store.answer_rows``)."""
    config = dict(config or {})
    out = {"session": {k: config.get(k) for k in (
        "generator", "dataset", "split", "num_images", "seed", "created",
        "image_shape", "num_classes", "conditional", "session_id")}}
    out["session"]["images"] = dict(image_counts or {})
    out["session"]["raters"] = list(raters) if raters is not None else \
        sorted({r["rater"] for r in rows})
    out["confidence"] = CONFIDENCE
    out["interval_method"] = "wilson (scipy.stats.binomtest.proportion_ci)"
    out.update(_block(rows))
    names = class_names if class_names is not None else \
        config.get("class_names")
    labels = sorted({r["label"] for r in rows if r["label"] is not None})
    per_class = {}
    for label in labels:
        sub = [r for r in rows if r["label"] == label]
        block = _block(sub)
        block["real_answers"] = sum(r["source"] == "real" for r in sub)
        block["fake_answers"] = sum(r["source"] == "fake" for r in sub)
        if names and 0 <= label < len(names):
            block["name"] = names[label]
        per_class[str(label)] = block
    out["per_class"] = per_class
    per_rater = {}
    for name in out["session"]["raters"]:
        per_rater[name] = _block([r for r in rows if r["rater"] == name])
    out["per_rater"] = per_rater
    return out
