"""Plots of a run's history as pictures (``(H, W, 3)`` uint8 arrays, to be
written with :func:`keras_gans.utils.images.save_png`)."""

import numpy as np

from keras_gans.utils.images import save_png

__all__ = ["fid_curve", "save_fid_curve"]


def fid_curve(history, title="FID during training", size=(640, 400)):
    """The FID against the generator step.

    ``history``: the ``fid_history`` of a run (``run.json``): dicts with
    ``generator_step`` and ``fid`` (and ``phase``: the points of each
    phase of a growing network are joined, and a new phase is marked by a
    dotted line). The best value is marked and written in the legend.
    """
    points = [(int(h["generator_step"]), float(h["fid"]),
               int(h.get("phase", 1))) for h in history]
    if not points:
        raise ValueError("fid_curve needs at least one FID value; the run "
                         "recorded none (train with --fid-every N).")
    bad = [p for p in points if not np.isfinite(p[1])]
    if bad:
        raise ValueError(f"fid_curve received non-finite FID values at "
                         f"generator steps {[p[0] for p in bad]}.")
    # a figure of its own on the Agg canvas: the user's pyplot backend and
    # figures are left alone
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = 100
    fig = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    steps = np.array([p[0] for p in points])
    fids = np.array([p[1] for p in points])
    phases = np.array([p[2] for p in points])
    for phase in np.unique(phases):
        sel = phases == phase
        ax.plot(steps[sel], fids[sel], "o-", color="tab:blue", markersize=3)
        if phase != phases[0]:
            ax.axvline(steps[sel][0], color="grey", linestyle=":")
    best = int(np.argmin(fids))
    ax.plot(steps[best], fids[best], "o", color="tab:red",
            label=f"best {fids[best]:.2f} at step {steps[best]:,}")
    ax.set_xlabel("generator step")
    ax.set_ylabel("FID")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def save_fid_curve(history, name, num_samples, path):
    """Write :func:`fid_curve` of ``history`` to the PNG ``path``, titled
    "NAME: FID of N samples" (a run's and a zoo page's curve alike)."""
    save_png(fid_curve(history, title=f"{name}: FID of {num_samples} "
                       "samples"), path)
    return path
