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


def photo(megabytes: float, name: str) -> bytes:
    """A JPEG of about the given size, made once and kept in build/bench-cache."""
    from PIL import Image

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / name
    if path.exists():
        return path.read_bytes()
    target = int(megabytes * 1024 * 1024)
    side = 600
    while True:
        noise = [Image.effect_noise((side, side * 3 // 4), 80) for _ in range(3)]
        image = Image.merge("RGB", noise)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=95)
        if buffer.tell() >= target * 0.9:
            break
        side = int(side * (target / max(buffer.tell(), 1)) ** 0.5 * 1.02)
    data = buffer.getvalue()
    if len(data) > target:
        # Trim by re-saving at a slightly lower quality until it fits.
        quality = 94
        while len(data) > target and quality > 50:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality)
            data = buffer.getvalue()
            quality -= 2
    path.write_bytes(data)
    return data


@cache
def one_megabyte_photo() -> bytes:
    return photo(1.0, "photo-1mb.jpg")


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
    files = [
        ("big-1.jpg", photo(19.5, "photo-19_5mb-a.jpg")),
        ("big-2.jpg", photo(19.5, "photo-19_5mb-b.jpg")),
        ("big-3.jpg", photo(9.5, "photo-9_5mb.jpg")),
    ]
    _elapsed, ok, _token = submit_report(requests.Session(), base, files)
    return ok
