"""The written record of a calibration: what was fitted to what, and how sure it is.

Tables in (the calibration summary and the weighted posterior sample), Markdown and one figure
out. ``wijksim calibrate`` writes both next to the posterior, so a calibration can be quoted
(docs/calibration.md is such a record, with the commentary added).
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def calibration_markdown(summary: dict, figure_name: str | None = "posterior.png") -> str:
    """A Markdown record of a calibration summary (``calibration.json``)."""
    population = summary["population"]
    ess = summary.get("effective_sample_sizes", [])
    lines = [
        f"# Calibration `{summary['name']}` ({summary['date']})",
        "",
        f"ABC-SMC (pyabc) on `{summary['config']}` (sha256 {summary['config_sha256'][:12]}), "
        f"fitted to the calibration facts of `{summary['targets']}` "
        f"(sha256 {summary['targets_sha256'][:12]}): {', '.join(summary['calibration_facts'])}.",
        "",
        f"{summary['generations']} generations of {population} particles, "
        f"{summary['evaluations']:,} model runs.",
        "",
        "| generation | epsilon (sum of squared half-widths) | effective sample size |",
        "|---:|---:|---:|",
    ]
    for t, epsilon in enumerate(summary["epsilons"]):
        size = f"{ess[t]:.1f}" if t < len(ess) else ""
        lines.append(f"| {t} | {epsilon:.1f} | {size} |")
    lines += [
        "",
        "| parameter | prior (uniform) | posterior mean | 90% interval |",
        "|---|---|---:|---|",
    ]
    for path, info in summary["parameters"].items():
        low, high = info["prior"]
        lines.append(f"| `{path}` | {low:g} to {high:g} | {info['mean']:.4g} | "
                     f"{info['p05']:.4g} to {info['p95']:.4g} |")
    if ess and ess[-1] < population / 4:
        lines += ["", f"**Warning**: the last generation's effective sample size ({ess[-1]:.1f} "
                  f"of {population}) is low; the intervals rest on few particles."]
    if figure_name:
        lines += ["", f"![prior (grey) and posterior (blue) of each parameter]({figure_name})"]
    return "\n".join(lines) + "\n"


def posterior_figure(posterior: pd.DataFrame, priors: dict[str, tuple[float, float]]):
    """Weighted posterior histogram of each parameter over its prior range."""
    names = [name for name in posterior.columns if name != "weight"]
    cols = min(4, len(names))
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    for ax, name in zip(axes.ravel(), names, strict=False):
        low, high = priors[name]
        bins = np.linspace(low, high, 21)
        ax.hist(posterior[name], bins=bins, weights=posterior["weight"], color="tab:blue",
                alpha=0.8)
        ax.axhline(1.0 / 20, color="grey", linestyle="--", linewidth=1)  # the uniform prior
        ax.set_title(name, fontsize=8)
        ax.set_xlim(low, high)
        ax.tick_params(labelsize=7)
    for ax in axes.ravel()[len(names):]:
        ax.set_visible(False)
    fig.tight_layout()
    return fig
