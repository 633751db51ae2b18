#!/usr/bin/env bash
# ImageIO decode/encode times of a 3 MP and a 12 MP photo on every JDK under /usr/lib/jvm, in one run.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_opencv
photos=bench/target/photos
/usr/bin/python3 - <<'PY'
import cv2, os
os.makedirs("bench/target/photos", exist_ok=True)
src = cv2.imread("samples/photos/ansel-adams-moore-photography.jpg")
for name, size in (("3mp", (2000, 1500)), ("12mp", (4000, 3000))):
    cv2.imwrite(f"bench/target/photos/{name}.jpg", cv2.resize(src, size, interpolation=cv2.INTER_AREA), [cv2.IMWRITE_JPEG_QUALITY, 92])
PY
echo "| JDK | photo | decode ms | JPEG encode ms (q 0.92) | PNG encode ms |"
echo "|---|---|---:|---:|---:|"
for jdk in $(ls -d /usr/lib/jvm/*/ | sort); do
  [ -x "$jdk/bin/java" ] && [ ! -L "${jdk%/}" ] || continue
  "$jdk/bin/java" bench/CodecBench.java "$photos/3mp.jpg" "$photos/12mp.jpg"
done
if [ -f /usr/share/java/turbojpeg.jar ]; then
  "$java" --enable-native-access=ALL-UNNAMED -cp /usr/share/java/turbojpeg.jar bench/TurboJpegBench.java \
    "$photos/3mp.jpg" "$photos/12mp.jpg"
fi
