"""The HTML export as a reader meets it, in headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium): :func:`reader_problems` loads a page, follows its
links as a reader would and returns what does not work.

Checked in the rendered page, at the window size set with :func:`layout`:

- every page marker (``role="doc-pagebreak"`` with an id) is the target of its link
  (``#page-9``) and in view after following it;
- every note call leads to its note, in view, and the note's back-link returns to the call;
- every entry of the table of contents lands on a heading (the target or its first child),
  in view, whose words are the entry's;
- every figure, its caption and its images are shown (a box of some size, not hidden, the
  images decoded) and within the width of the window;
- the page is no wider than the window (nothing to scroll sideways).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DESKTOP = (1280, 800)
PHONE = (375, 740)


def chromium_paths() -> tuple[str, str] | None:
    """(the browser, chromedriver) when both are installed and selenium imports; else None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def skip_reason() -> str:
    return ("headless Chromium is not installed (apt-get install chromium chromium-driver; "
            "pip install selenium): scripts/setup.sh installs both")


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium for the ``with`` block (a selenium WebDriver); no network is used
    to find it (the driver's path is given, so selenium's own manager never runs)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    assert paths is not None, skip_reason()
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--force-color-profile=srgb", "--lang=en",
                # Chromium ignores same-page navigations past 200 in 10 s without this.
                "--disable-ipc-flooding-protection",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def layout(driver: Any, size: tuple[int, int]) -> None:
    """Emulate a window of ``size`` CSS pixels (a phone's when narrower than 600: touch, no
    desktop zoom-out), at one device pixel per CSS pixel."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


_CHECK = r"""
const problems = [], counts = {pages: 0, notes: 0, toc: 0, figures: 0, images: 0};
const words = s => s.replace(/\s+/g, ' ').trim();
const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
const shown = el => {
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'
    && parseFloat(s.opacity) > 0;
};
const inView = el => {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top > -2 && r.top < innerHeight && r.left > -2 && r.right < innerWidth + 2;
};
const follow = a => {
  a.click();
  const id = decodeURIComponent(a.hash.slice(1));
  return {target: document.getElementById(id), current: document.querySelector(':target')};
};
const landed = (a, el) => el && document.querySelector(':target') === el && shown(el) && inView(el);
const where = el => {
  if (!el) return 'nowhere';
  const r = el.getBoundingClientRect();
  const [x, y, w, h] = [r.left, r.top, r.width, r.height].map(Math.round);
  return `${name(el)} at ${x},${y} size ${w}x${h} in ${innerWidth}x${innerHeight}`
    + (document.querySelector(':target') === el ? '' : ' (not the target)');
};
for (const pb of document.querySelectorAll('[role=doc-pagebreak][id]')) {
  counts.pages++;
  const link = document.createElement('a');
  link.href = '#' + pb.id;
  document.body.append(link);
  const {target} = follow(link);
  link.remove();
  if (target !== pb || !landed(link, pb)) problems.push(`page ${pb.id}: its link shows ${where(target)}`);
}
for (const a of document.querySelectorAll('a[role=doc-noteref]')) {
  counts.notes++;
  const {target} = follow(a);
  if (!landed(a, target)) { problems.push(`note call ${name(a)}: leads to ${where(target)}`); continue; }
  const back = target.querySelector('a[role=doc-backlink]');
  if (!back) {
    if (!a.classList.contains('empty')) problems.push(`note ${name(target)}: no way back`);
    continue;
  }
  const ret = follow(back).target;
  if (!ret || ret.getAttribute('href') !== a.getAttribute('href') || !landed(back, ret))
    problems.push(`note ${name(target)}: its back-link leads to ${where(ret)}, not ${name(a)}`);
}
for (const a of document.querySelectorAll('[role=doc-toc] a[href^="#"]')) {
  counts.toc++;
  const {target} = follow(a);
  const heads = 'h1, h2, h3, h4, h5, h6';
  const h = target && (target.matches(heads) ? target
    : [...target.children].find(c => c.matches(heads) || c.matches('header')));
  const head = h && (h.matches(heads) ? h : h.querySelector(heads));
  const entry = `contents entry "${words(a.textContent)}"`;
  if (!head) problems.push(`${entry}: lands on no heading`);
  else if (!shown(head) || !inView(head)) problems.push(`${entry}: its heading is ${where(head)}`);
  else if (!words(head.textContent).includes(words(a.textContent)))
    problems.push(`${entry} lands on "${words(head.textContent)}"`);
}
for (const f of document.querySelectorAll('figure')) {
  counts.figures++;
  f.scrollIntoView();
  if (!shown(f) || !inView(f)) {
    problems.push(`figure ${counts.figures}: not shown within the window`);
    continue;
  }
  for (const c of f.querySelectorAll('figcaption'))
    if (!shown(c) || !inView(c)) problems.push(`figure ${counts.figures}: caption not shown`);
  for (const img of f.querySelectorAll('img')) {
    counts.images++;
    if (!img.complete || img.naturalWidth === 0 || !shown(img) || !inView(img))
      problems.push(`figure ${counts.figures}: image ${img.getAttribute('src').slice(0, 40)} not shown`);
  }
}
// A phone widens its layout to a page wider than the screen (and zooms out): both count.
const wide = Math.max(document.documentElement.scrollWidth, innerWidth), screenWidth = arguments[0];
if (wide > screenWidth) problems.push(`the page is ${wide} px wide in a window of ${screenWidth} px`);
counts.width = wide;
scrollTo(0, 0);
return {problems, counts};
"""


def reader_problems(driver: Any, page: Path, size: tuple[int, int]) -> tuple[list[str], dict[str, int]]:
    """Load ``page`` (an HTML file) in a window of ``size`` CSS pixels and check it as the
    module says: (the problems, one line each; how many pages, notes, contents entries,
    figures and images were checked, and the page's width in CSS pixels)."""
    layout(driver, size)
    driver.get(page.resolve().as_uri())
    result = driver.execute_script(_CHECK, size[0])
    return list(result["problems"]), dict(result["counts"])


def screenshot(driver: Any, page: Path, size: tuple[int, int], target: Path, at: str = "") -> None:
    """A PNG of the window showing ``page`` at ``size`` (scrolled to the element of id ``at``
    when given)."""
    layout(driver, size)
    driver.get(page.resolve().as_uri() + (f"#{at}" if at else ""))
    target.write_bytes(driver.get_screenshot_as_png())
