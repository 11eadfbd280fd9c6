"""Make the demo's captioned video and podcast tone in content/demo_media/.

Who uses this: a developer who changes the demo video's captions. The files are
committed, so `seed_demo` needs no media toolchain; this script needs one, once:

    .venv/bin/pip install imageio-ffmpeg
    .venv/bin/python scripts/make_demo_media.py
"""

import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from content import demo_content as words  # noqa: E402

TARGET = ROOT / "content" / "demo_media"
VIDEO_SIZE = (320, 180)
VIDEO_FPS = 4


def make_video(item) -> Path:
    cues = item["captions"]
    duration = cues[-1][1]
    font = ImageFont.load_default(size=16)
    path = TARGET / f"{item['slug']}.mp4"
    writer = imageio_ffmpeg.write_frames(
        str(path),
        VIDEO_SIZE,
        fps=VIDEO_FPS,
        codec="libx264",
        pix_fmt_out="yuv420p",
        output_params=["-movflags", "+faststart", "-crf", "35"],
        ffmpeg_log_level="error",
        macro_block_size=2,
    )
    writer.send(None)
    for frame_number in range(int(duration * VIDEO_FPS)):
        seconds = frame_number / VIDEO_FPS
        # The caption cue on screen now, so the frame matches what the captions say.
        current = [text for start, end, text in cues if start <= seconds < end]
        image = Image.new("RGB", VIDEO_SIZE, (20, 60, 110))
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((20, 30, 300, 150), radius=14, fill=(240, 240, 240))
        draw.text((40, 50), "Upstander", fill=(20, 60, 110), font=font)
        if current:
            draw.text((40, 85), current[0][:32], fill=(0, 0, 0), font=font)
        writer.send(image.tobytes())
    writer.close()
    return path


def make_tone(item) -> Path:
    duration = item["captions"][-1][1] if item.get("captions") else 10.0
    path = TARGET / f"{item['slug']}.m4a"
    subprocess.run(  # noqa: S603 - fixed arguments, bundled ffmpeg
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=220:sample_rate=16000:duration={duration}",
            "-af",
            "volume=0.05",
            "-c:a",
            "aac",
            "-b:a",
            "16k",
            "-y",
            str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


if __name__ == "__main__":
    TARGET.mkdir(exist_ok=True)
    for made in (make_video(words.VIDEO), make_tone(words.PODCAST)):
        print(f"{made.relative_to(ROOT)}: {made.stat().st_size} bytes")
