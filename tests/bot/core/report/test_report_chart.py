"""The 通报's chart: a decodable PNG with content, stacked bars in the series' colours, Chinese glyphs
drawn with the font the project installs (never tofu), and no font cache left outside a temp dir."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy
import pytest
from PIL import Image, ImageChops

from bot.core.report import chart
from bot.core.report.model import OwnerTally
from bot.core.report.period import last_week
from bot.core.report.summary import summarise
from tests.bot.core.report.rows import NOW, ledger

ROOT = Path(__file__).resolve().parents[4]


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image.convert("RGB")


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}


def hex_rgb(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def ink(image: Image.Image) -> int:
    """How many pixels are not white."""
    return int((numpy.asarray(image) != 255).any(axis=2).sum())


def test_the_report_chart_is_a_png_with_a_bar_per_owner_in_the_series_colours():
    data = summarise(ledger(), last_week(NOW), NOW)
    image = decode(chart.report_chart(data))
    bars = len(data.tallies)
    assert image.size == (int(chart.WIDTH_INCHES * chart.DPI), int((1.6 + 0.42 * bars) * chart.DPI))
    assert ink(image) > image.size[0] * image.size[1] // 20  # bars and labels, not a blank page
    found = colours(image)
    for name in chart.SERIES:  # the sample has items done on time, done late, open and overdue
        assert hex_rgb(chart.COLOURS[name]) in found, name


def test_a_series_with_no_items_leaves_no_colour():
    image = decode(chart.chart_png([OwnerTally("市财政局", done_on_time=2, open=1)], "标题"))
    found = colours(image)
    assert hex_rgb(chart.COLOURS["done_on_time"]) in found
    assert hex_rgb(chart.COLOURS["open"]) in found
    # the legend shows every series' swatch, so compare how much of each colour there is
    counts = {colour: count for count, colour in image.getcolors(maxcolors=1 << 20) or []}
    assert counts[hex_rgb(chart.COLOURS["overdue"])] < counts[hex_rgb(chart.COLOURS["open"])] / 10


def test_an_owner_name_is_drawn_in_chinese_glyphs():
    """Two charts differing in one character of an owner's name differ: with a font that lacks the
    characters, both would show the same empty boxes."""
    one = decode(chart.chart_png([OwnerTally("市财政局", open=1)], "督办"))
    other = decode(chart.chart_png([OwnerTally("市民政局", open=1)], "督办"))
    assert one.size == other.size
    assert ImageChops.difference(one, other).getbbox() is not None


def render_alone(text: str, font) -> Image.Image:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1), dpi=100)
    figure.text(0.5, 0.5, text, fontproperties=font, fontsize=40, ha="center", va="center")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return decode(buffer.getvalue())


def test_two_characters_rendered_alone_differ_and_a_latin_font_would_show_tofu():
    font = chart.chinese_font()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        du, ban = render_alone("督", font), render_alone("办", font)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert ink(du) > 100 and ink(ban) > 100
    assert ImageChops.difference(du, ban).getbbox() is not None
    # the check can fail: matplotlib's own DejaVu Sans has no hanzi and draws both as the same box
    from matplotlib.font_manager import FontProperties

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        latin = FontProperties(family="DejaVu Sans")
        assert ImageChops.difference(render_alone("督", latin), render_alone("办", latin)).getbbox() is None


def test_the_font_is_the_wheels_file_loaded_by_path():
    path = chart.font_path()
    assert path.is_file() and path.suffix == ".otf"
    assert "site-packages" in path.parts or "dist-packages" in path.parts
    assert Path(chart.chinese_font().get_file()) == path
    assert chart.chinese_font().get_name() == "Noto Sans SC"


def test_charts_drawn_from_two_threads_at_once_are_both_whole():
    tallies = [OwnerTally("市财政局", done_on_time=2, open=1), OwnerTally("市住建局", overdue=2)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(lambda _: chart.chart_png(tallies, "督办"), range(2))
    assert first == second == chart.chart_png(tallies, "督办")


def test_an_empty_period_still_gives_a_chart_that_says_so():
    image = decode(chart.chart_png([], "本周各单位督办事项办理情况"))
    assert ink(image) > 1000
    assert hex_rgb(chart.COLOURS["open"]) not in colours(image)


def test_more_owners_than_fit_share_one_bar():
    tallies = [OwnerTally(f"第{i}单位", open=1, overdue=i % 2) for i in range(40)]
    bars = chart._bars(tallies)
    assert len(bars) == chart.MAX_OWNERS
    label, rest = bars[-1]
    assert label == "其他11个单位"
    assert sum(t.total for _, t in bars) == sum(t.total for t in tallies)
    assert rest.open == 11 and rest.overdue == sum(i % 2 for i in range(29, 40))
    assert decode(chart.chart_png(tallies, "全部")).size[1] == int((1.6 + 0.42 * chart.MAX_OWNERS) * chart.DPI)


@pytest.mark.slow
def test_a_fresh_process_leaves_no_matplotlib_cache_outside_a_temp_dir(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("MPLCONFIGDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")}
    env["HOME"] = str(home)
    code = ("import os; from bot.core.report import chart; from bot.core.report.model import OwnerTally;"
            "png = chart.chart_png([OwnerTally('市财政局', open=1)], '督办'); "
            "print(os.environ['MPLCONFIGDIR']); print(len(png))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    config_dir, size = done.stdout.split()
    assert int(size) > 1000
    assert not list(home.rglob("*"))  # nothing under ~/.cache or ~/.config
    assert not Path(config_dir).exists()  # the temp dir went with the process
