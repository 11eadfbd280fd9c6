"""POST load for the report form and the follow-up check, from separate processes.

Each report submission needs a fresh form (its one-time token and receipt
words) and a CSRF token, so replaying one body would make one case: every
iteration GETs /report/ and then sends the whole form, as the browser's last
step does, with a 1 MB photo. Only the POST is timed.
"""

import io
import multiprocessing
import re
import statistics
import time
from functools import cache
from pathlib import Path

import requests

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>', re.IGNORECASE)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
CACHE_DIR = Path(__file__).resolve().parent.parent / "build" / "bench-cache"


def hidden_fields(html: str) -> list[tuple[str, str]]:
    fields = []
    for tag in HIDDEN.findall(html):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs:
            fields.append((attrs["name"], attrs.get("value", "").replace("&amp;", "&")))
    return fields


def photo(megabytes: float, name: str, pixels: tuple[int, int]) -> bytes:
    """A JPEG of `pixels` and just under the given size, made once and kept in build/bench-cache.

    Random noise hardly compresses, so the JPEG quality is chosen to land the
    file size; the pixel size is fixed because that, not the byte count, is
    what decoding costs in time and memory.
    """
    from PIL import Image

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"{name}-{pixels[0]}x{pixels[1]}.jpg"
    if path.exists():
        return path.read_bytes()
    target = int(megabytes * 1024 * 1024)
    image = Image.merge("RGB", [Image.effect_noise(pixels, 80) for _ in range(3)])
    best = b""
    for subsampling in ("4:2:0", "4:4:4"):
        low, high = 30, 100
        while low <= high:  # the highest quality that stays under the target
            quality = (low + high) // 2
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, subsampling=subsampling)
            if buffer.tell() <= target:
                best = max(best, buffer.getvalue(), key=len)
                low = quality + 1
            else:
                high = quality - 1
    if len(best) < target * 0.8:
        raise SystemExit(f"bench photo {name}: cannot reach {megabytes} MB at {pixels}")
    path.write_bytes(best)
    return best


# A 1 MB photo as a pupil sends it: 1600 x 1200 (a phone photo after a messaging app, or a
# cropped screenshot).
ONE_MB_PHOTO_PIXELS = (1600, 1200)
# The 50 MB report: 12-megapixel photos (a phone camera's usual size), the largest that
# reporting.evidence decodes at full scale (jpeg_decode_pixels), so the worst case for memory.
LARGE_PHOTO_PIXELS = (4000, 3000)


@cache
def one_megabyte_photo() -> bytes:
    return photo(1.0, "photo-1mb", ONE_MB_PHOTO_PIXELS)


def large_report_files() -> list[tuple[str, bytes]]:
    """20 + 20 + 10 MB of photos (each just under the 20 MB per-file limit and its share)."""
    return [
        ("big-1.jpg", photo(19.5, "photo-19_5mb-a", LARGE_PHOTO_PIXELS)),
        ("big-2.jpg", photo(19.5, "photo-19_5mb-b", LARGE_PHOTO_PIXELS)),
        ("big-3.jpg", photo(9.5, "photo-9_5mb", LARGE_PHOTO_PIXELS)),
    ]


REPORT_ANSWERS = [
    ("danger_now", "no"),
    ("reporter_role", "me"),
    ("categories", "nasty_messages"),
    ("platform", "whatsapp"),
    ("what_happened", "People in my class keep sending me horrible messages in a group chat."),
    ("say_who", "no"),
]


def submit_report(
    session: requests.Session, base: str, files: list[tuple[str, bytes]]
) -> tuple[float, bool, str]:
    form = session.get(f"{base}/report/", timeout=30)
    fields = [(n, v) for n, v in hidden_fields(form.text) if n not in {"step", "nav"}]
    token = dict(fields).get("submission_token", "")
    data = [*fields, *REPORT_ANSWERS, ("step", "4"), ("nav", "send")]
    upload = [("evidence", (name, content, "image/jpeg")) for name, content in files]
    started = time.perf_counter()
    response = session.post(f"{base}/report/", data=data, files=upload, timeout=120)
    elapsed = time.perf_counter() - started
    ok = response.status_code == 200 and 'id="receipt-reference"' in response.text
    return elapsed, ok, token


def check_follow_up(
    session: requests.Session, base: str, reference: str, passphrase: str
) -> tuple[float, bool, str]:
    page = session.get(f"{base}/report/follow-up/", timeout=30)
    data = [
        *hidden_fields(page.text),
        ("reference", reference),
        ("passphrase", passphrase),
        ("nav", "open"),
    ]
    started = time.perf_counter()
    response = session.post(f"{base}/report/follow-up/", data=data, timeout=60)
    elapsed = time.perf_counter() - started
    ok = response.status_code == 200 and 'id="followup-status"' in response.text
    return elapsed, ok, ""


def _worker(args) -> list[tuple[float, bool, str]]:
    base, deadline, follow_up = args
    session = requests.Session()
    results = []
    photo_bytes = None if follow_up else one_megabyte_photo()
    while time.time() < deadline:
        try:
            if follow_up:
                results.append(check_follow_up(session, base, *follow_up))
            else:
                results.append(submit_report(session, base, [("photo.jpg", photo_bytes)]))
        except requests.RequestException:
            results.append((0.0, False, ""))
    return results


def run_post_load(base: str, *, duration: int, processes: int, follow_up=None) -> dict:
    if follow_up is None:
        one_megabyte_photo()  # made before the clock starts
    started = time.time()
    deadline = started + duration
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        batches = pool.map(_worker, [(base, deadline, follow_up)] * processes)
    elapsed = max(time.time() - started, 1e-9)
    results = [item for batch in batches for item in batch]
    good = [r for r in results if r[1]]
    latencies = sorted(r[0] * 1000 for r in good) or [0.0]

    def percentile(p: float) -> float:
        index = min(int(round(p / 100 * (len(latencies) - 1))), len(latencies) - 1)
        return round(latencies[index], 1)

    return {
        "figures": {
            "rps": round(len(good) / elapsed, 2),
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": percentile(95),
            "p99_ms": percentile(99),
            "errors": len(results) - len(good),
            "requests": len(results),
        },
        "accepted": len(good),
        "submission_tokens": [r[2] for r in good if r[2]],
    }


def submit_large_report(base: str) -> bool:
    """One report with 50 MB of photos (20 + 20 + 10 MB), for the memory figure."""
    _elapsed, ok, _token = submit_report(requests.Session(), base, large_report_files())
    return ok
