#!/usr/bin/env bash
# Regenerates the simulator upstream's media (src/main/resources/simulator): a 2-second 320x180 MP4
# with sound, a WebP thumbnail and a 4x2 JPEG spritesheet, all ffmpeg test patterns (no third-party
# content). Needs ffmpeg (apt-get install ffmpeg).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/simulator"
cd "$out"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x180:rate=12:duration=2" -f lavfi -i "sine=frequency=440:duration=2" \
  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 36 -c:a aac -b:a 32k -shortest -movflags +faststart video.mp4
ffmpeg -v error -y -f lavfi -i "testsrc2=size=320x180:rate=1:duration=1" -frames:v 1 -c:v libwebp -quality 60 thumbnail.webp
ffmpeg -v error -y -f lavfi -i "testsrc2=size=160x90:rate=4:duration=2" -vf "tile=4x2" -frames:v 1 -q:v 8 spritesheet.jpg
ls -l "$out"
