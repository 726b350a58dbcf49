"""Plotly figures → PNG (Word) and SVG (PDF) with Kaleido on the system Chromium.

One browser serves a whole report run: starting Chromium costs ~2 s, a chart then
costs ~0.1–0.2 s. `ChartRenderer` keeps one Kaleido instance open on a private event
loop thread (not kaleido's global sync server, whose worker thread hangs the caller
forever if the browser fails to start). When Chromium is missing or breaks, `render`
returns None and records one warning; the writers then print a plain note where the
chart would be, so a report is never lost for want of a picture.

The browser is found at env LEARNING_CHROMIUM, else /usr/bin/chromium.
"""
from __future__ import annotations

import asyncio
import atexit
import base64
import logging
import os
import tempfile
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)

DEFAULT_CHROMIUM = "/usr/bin/chromium"
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
Format = Literal["png", "svg"]


def chromium_path() -> Path:
    """Configured browser: env LEARNING_CHROMIUM (tests point it at a missing file)."""
    return Path(os.environ.get("LEARNING_CHROMIUM", DEFAULT_CHROMIUM))


RELOAD_EVERY = 25  # renders per tab between page reloads (bounds the page's memory)


def _fast_kaleido_class(kaleido: Any) -> type:
    """Kaleido reloads the tab's page (and its 3.5 MB plotly.js) after EVERY image, which is
    ~90% of the cost of a chart. Each render draws a fresh plot, so we reload only every
    RELOAD_EVERY renders: same images (PNG bytes are identical either way), ~10× faster."""

    class FastKaleido(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab: Any) -> None:
            uses = getattr(tab, "_report_uses", 0) + 1
            if uses >= RELOAD_EVERY:
                await tab.reload()
                uses = 0
            else:
                tab.js_logger.reset()
            tab._report_uses = uses
            await self.tabs_ready.put(tab)

    return FastKaleido


class ChartRenderer:
    """Context manager owning one Kaleido browser for every chart of a report run.

    Start is lazy (first `render`) so a report without charts never launches Chromium.
    Reuse one renderer across reports (the Reports page and the benchmark keep it warm).
    """

    def __init__(self, browser: Path | str | None = None, scale: float = 2.0, tabs: int = 2):
        self.browser = Path(browser) if browser else chromium_path()
        self.scale = scale
        self.tabs = tabs  # browser tabs drawing in parallel (prerender)
        self.warnings: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._failed = False
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], bytes] = {}

    # -- lifecycle -------------------------------------------------------------
    def __enter__(self) -> "ChartRenderer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def available(self) -> bool:
        """True when charts can be drawn (starts the browser if needed)."""
        with self._lock:
            return self._ensure_started()

    def _fail(self, message: str) -> None:
        self._failed = True
        if message not in self.warnings:
            self.warnings.append(message)
        log.warning(message)

    def _ensure_started(self) -> bool:
        if self._kaleido is not None:
            return True
        if self._failed:
            return False
        if not self.browser.is_file() or not os.access(self.browser, os.X_OK):
            self._fail(f"Charts not drawn: no Chromium browser at {self.browser}. "
                       "Install the 'chromium' package or set LEARNING_CHROMIUM.")
            return False
        try:
            import kaleido  # imported late: its import pulls in the browser tooling
        except ImportError as exc:  # pragma: no cover - kaleido is pinned
            self._fail(f"Charts not drawn: Kaleido is not installed ({exc}).")
            return False
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="report-kaleido")
        self._thread.start()

        async def _open() -> Any:
            k = _fast_kaleido_class(kaleido)(n=self.tabs, path=str(self.browser), mathjax=False,
                                             timeout=RENDER_TIMEOUT)
            await k.open()
            return k

        try:
            self._kaleido = self._run(_open(), START_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - any browser failure becomes a note
            reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else exc
            self._fail(f"Charts not drawn: Chromium at {self.browser} did not start ({reason}).")
            self._stop_loop()
            return False
        atexit.register(self.close)  # a long-lived renderer (the app's) must not orphan Chromium
        return True

    def _run(self, coro: Any, timeout: float) -> Any:
        assert self._loop is not None
        fut = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return fut.result(timeout)
        except FutureTimeout:
            fut.cancel()
            raise TimeoutError(f"no answer within {timeout:.0f} s") from None

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(10)
            if not self._loop.is_running():
                self._loop.close()
        self._loop = None
        self._thread = None

    def _abandon(self) -> None:
        """Forget a browser that stopped answering (closing it could hang as well)."""
        self._kaleido = None
        self._stop_loop()

    def close(self) -> None:
        with self._lock:
            if self._kaleido is not None:
                try:
                    self._run(self._kaleido.close(), 20)
                except Exception as exc:  # noqa: BLE001 - closing must not fail a report
                    log.debug("closing Kaleido: %s", exc)
                self._kaleido = None
            self._stop_loop()

    # -- printing ----------------------------------------------------------------
    def print_pdf(self, html: str) -> bytes | None:
        """Print an HTML page to PDF in the same browser (a new tab, closed after).

        WHY: Chromium lays out a 12-page report in well under a second, where WeasyPrint
        needs several seconds of Python; the caller falls back to WeasyPrint on None.
        """
        with self._lock:
            if not self._ensure_started():
                return None
            k = self._kaleido
            with tempfile.TemporaryDirectory(prefix="report-") as tmp:
                page = Path(tmp) / "report.html"
                page.write_text(html, encoding="utf-8")

                async def _print() -> bytes:
                    tab = await k.create_tab("about:blank")
                    try:
                        await tab.send_command("Page.enable")
                        loaded = tab.subscribe_once("Page.loadEventFired")
                        await tab.send_command("Page.navigate", params={"url": page.as_uri()})
                        await loaded
                        res = await tab.send_command("Page.printToPDF", params={
                            "printBackground": True, "preferCSSPageSize": True,
                            "displayHeaderFooter": False, "generateDocumentOutline": True,
                            "generateTaggedPDF": True})
                    finally:
                        await k.close_tab(tab.target_id)
                    if "error" in res:
                        raise RuntimeError(res["error"].get("message", res["error"]))
                    return base64.b64decode(res["result"]["data"])

                try:
                    return self._run(_print(), RENDER_TIMEOUT)
                except Exception as exc:  # noqa: BLE001 - the caller prints with WeasyPrint
                    log.warning("Chromium could not print the PDF (%s); using WeasyPrint", exc)
                    return None

    # -- rendering -------------------------------------------------------------
    def _opts(self, fmt: Format, width: int, height: int) -> dict[str, Any]:
        return {"format": fmt, "width": width, "height": height,
                "scale": self.scale if fmt == "png" else 1}

    def prerender(self, charts: list[Any], formats: tuple[Format, ...] = ("png", "svg")) -> None:
        """Draw every chart in every format at once, the browser tabs working in parallel;
        the writers then take the images from the cache. Charts are `model.Chart`s."""
        todo = [(c, fmt) for c in charts for fmt in formats
                if (f"{c.key}:{c.width}x{c.height}", fmt) not in self._cache]
        if not todo:
            return
        with self._lock:
            if not self._ensure_started():
                return
            k = self._kaleido

            async def _all() -> list[Any]:
                return await asyncio.gather(
                    *(k.calc_fig(c.figure, opts=self._opts(fmt, c.width, c.height)) for c, fmt in todo),
                    return_exceptions=True)

            try:
                results = self._run(_all(), RENDER_TIMEOUT + 5 * len(todo))
            except Exception as exc:  # noqa: BLE001 - fall back to drawing one by one
                log.warning("drawing charts together failed (%s); drawing one by one", exc)
                return
        for (c, fmt), data in zip(todo, results):
            if isinstance(data, (bytes, bytearray)):
                self._cache[(f"{c.key}:{c.width}x{c.height}", fmt)] = bytes(data)

    def render(self, figure: Any, fmt: Format, width: int, height: int,
               key: str | None = None) -> bytes | None:
        """Image bytes, or None (with a warning recorded) when charts cannot be drawn.

        `key` lets a caller reuse an image drawn earlier in the run (same size/format).
        """
        cache_key = (f"{key}:{width}x{height}", fmt) if key else None
        if cache_key and cache_key in self._cache:
            return self._cache[cache_key]
        with self._lock:
            if not self._ensure_started():
                return None
            try:
                data = self._run(self._kaleido.calc_fig(figure, opts=self._opts(fmt, width, height)),
                                 RENDER_TIMEOUT + 5)
            except TimeoutError:
                # A hung browser would make every later chart wait too: give up on charts.
                self._fail(f"Charts not drawn: Chromium at {self.browser} stopped answering.")
                self._abandon()
                return None
            except Exception as exc:  # noqa: BLE001 - one bad chart must not sink the report
                message = f"A chart could not be drawn ({type(exc).__name__}: {exc})."
                if message not in self.warnings:
                    self.warnings.append(message)
                log.warning(message)
                return None
        if cache_key:
            self._cache[cache_key] = data
        return data
