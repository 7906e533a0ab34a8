"""The 通报's chart: one PNG, per owner a stacked bar of done on time, done late, open and overdue.

matplotlib (Agg, without pyplot) is imported on first use. Chinese is set in Noto Sans SC from the
`pylopdf-fonts-zh-cn` wheel, a dependency of the project, loaded by its path: the chart never depends
on the fonts a machine happens to have. Unless MPLCONFIGDIR is set, matplotlib's config and font
cache go to a temporary directory removed when the process ends. Drawing is serialised by a lock
(matplotlib's settings are process-wide), so it may be called from worker threads.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages
from bot.core.report.model import OwnerTally, ReportData
from bot.core.report.wording import owner_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

MAX_OWNERS = 30  # more owners than this: the rest share one bar (其他N个单位)
SERIES = ("done_on_time", "done_late", "open", "overdue")  # OwnerTally's fields, left to right
COLOURS = {"done_on_time": "#2e7d32", "done_late": "#f9a825", "open": "#1e88e5", "overdue": "#d32f2f"}
DPI = 150
WIDTH_INCHES = 8.0

_lock = threading.RLock()
_config_dir: tempfile.TemporaryDirectory[str] | None = None
_font: FontProperties | None = None


def font_path() -> Path:
    """The CJK font file the chart is drawn with (Noto Sans SC, SIL Open Font License)."""
    from pylopdf_fonts_zh_cn import sans_path

    return Path(sans_path())


def chinese_font() -> FontProperties:
    """matplotlib's handle on `font_path()`, registered once (imports matplotlib on first use)."""
    global _config_dir, _font
    with _lock:
        if _font is not None:
            return _font
        if "matplotlib" not in sys.modules and not os.environ.get("MPLCONFIGDIR"):
            _config_dir = tempfile.TemporaryDirectory(prefix="duban-matplotlib-")
            os.environ["MPLCONFIGDIR"] = _config_dir.name
        from matplotlib import font_manager

        path = str(font_path())
        font_manager.fontManager.addfont(path)
        _font = font_manager.FontProperties(fname=path)
        return _font


def _bars(tallies: Sequence[OwnerTally]) -> list[tuple[str, OwnerTally]]:
    if len(tallies) <= MAX_OWNERS:
        return [(owner_text(t.owner), t) for t in tallies]
    kept, rest = tallies[: MAX_OWNERS - 1], tallies[MAX_OWNERS - 1:]
    merged = OwnerTally(None, *(sum(getattr(t, name) for t in rest) for name in SERIES))
    return [(owner_text(t.owner), t) for t in kept] + [(messages.CHART_OTHERS.format(count=len(rest)), merged)]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")  # Agg: a figure made without pyplot draws with it
    return buffer.getvalue()


def chart_png(tallies: Sequence[OwnerTally], title: str) -> bytes:
    """The chart as PNG bytes: owners top to bottom in the order given, a bar's segments left to right
    done on time, done late, open, overdue, each labelled with its count."""
    assert [f.name for f in fields(OwnerTally)][1:] == list(SERIES)
    font = chinese_font()
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    bars = _bars(tallies)
    with _lock, matplotlib.rc_context({"font.family": [font.get_name()], "axes.unicode_minus": False}):
        figure = Figure(figsize=(WIDTH_INCHES, 1.6 + 0.42 * max(len(bars), 2)), dpi=DPI, layout="constrained")
        axes = figure.add_subplot()
        axes.set_title(title, fontproperties=font, fontsize=13, pad=10)
        if not bars:
            axes.set_axis_off()
            axes.text(0.5, 0.5, messages.CHART_EMPTY, ha="center", va="center", fontproperties=font, fontsize=14)
            return _png(figure)
        positions = list(range(len(bars)))
        left = [0] * len(bars)
        widest = max(tally.total for _, tally in bars)
        for name in SERIES:
            values = [getattr(tally, name) for _, tally in bars]
            container = axes.barh(positions, values, left=left, color=COLOURS[name], height=0.62,
                                  label=messages.CHART_SERIES[name])
            # a count inside its segment when the segment is wide enough to hold it
            axes.bar_label(container, labels=[str(v) if v and v >= widest / 25 else "" for v in values],
                           label_type="center", color="white", fontsize=9)
            left = [a + b for a, b in zip(left, values)]
        axes.set_yticks(positions, [label for label, _ in bars], fontproperties=font, fontsize=10)
        axes.set_ylim(max(len(bars), 2) - 0.5, -0.5)  # the first owner on top; one owner's bar as thin as many
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlim(0, max(max(left), 1) * 1.08)
        axes.set_xlabel(messages.CHART_AXIS, fontproperties=font)
        axes.spines[["top", "right"]].set_visible(False)
        figure.legend(loc="outside lower center", ncols=len(SERIES), frameon=False, prop=font)
        return _png(figure)


def report_chart(data: ReportData) -> bytes:
    """The chart of a 通报."""
    return chart_png(data.tallies, messages.CHART_TITLE.format(period=data.period.label))
