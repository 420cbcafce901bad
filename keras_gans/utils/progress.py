"""One progress display for downloads and long evaluations."""

import sys

__all__ = ["Progress", "format_size"]


class Progress:
    """A tqdm bar on stderr when tqdm is installed, otherwise one line every
    10% of ``total``. ``unit="B"`` shows bytes (KiB, MiB, ...);
    ``enabled=False`` shows nothing but still counts ``done``."""

    def __init__(self, total, desc, enabled=True, unit="it"):
        self.total, self.desc, self.enabled = int(total or 0), desc, enabled
        self.done, self._next_pct, self._bar = 0, 10, None
        if not enabled:
            return
        try:
            from tqdm.auto import tqdm
        except ImportError:
            size = format_size(self.total) if unit == "B" else \
                f"{self.total} {unit}"
            print(f"{desc}: 0 of {size}", file=sys.stderr, flush=True)
        else:
            in_bytes = unit == "B"
            self._bar = tqdm(total=self.total or None, desc=desc, unit=unit,
                             unit_scale=in_bytes,
                             unit_divisor=1024 if in_bytes else 1000,
                             file=sys.stderr, leave=False)

    def update(self, n):
        self.done += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
        elif self.total:
            pct = 100 * self.done // self.total
            while pct >= self._next_pct:
                print(f"  {self.desc}: {self._next_pct}%", file=sys.stderr,
                      flush=True)
                self._next_pct += 10

    def close(self):
        if self._bar is not None:
            self._bar.close()


def format_size(n, unknown="size unknown"):
    """``n`` bytes as text (``"2.8 MiB"``); ``unknown`` for 0/None."""
    if not n:
        return unknown
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
