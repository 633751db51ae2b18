"""The image sets of the near-duplicate benchmark (bench/run-near.sh), written with OpenCV as other
programs would write them.

  near_sets.py OUT SAMPLES_DIR

Bases: the sample photos whole, and natural photos of Debian packages (mate-backgrounds' nature
set, python3-skimage's data) cut into tiles of at most about 1 MP. Variants of every base: JPEG
q95/75/50, resizes 0.5x/0.75x/1.5x/2x (PNG, so only the resize differs), resize + re-encode,
PNG from the JPEG, and centred crops of 1%, 2% and 5%. Distractors: non-overlapping tiles, at
several scales, of other photos (plasma-workspace-wallpapers, gnome-backgrounds,
mate-backgrounds' other sets), one file per picture (the largest of a wallpaper's sizes).
Latency set: one photo of 1 MP (1155 x 866), 40 re-encodes of it (JPEG q55 to q94) and 40
unrelated photos of the same size (wallpapers, resized and shifted).
Writes OUT/manifest.json: bases, variants (base, class, file), distractors and the latency set.
"""
import glob
import json
import os
import re
import sys

import cv2

BASE_PACKAGE_PHOTOS = sorted(glob.glob("/usr/share/backgrounds/mate/nature/*.jpg")) + [
    f"/usr/lib/python3/dist-packages/skimage/data/{name}" for name in (
        "astronaut.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg", "hubble_deep_field.jpg",
        "retina.jpg", "motorcycle_left.png", "coins.png", "moon.png", "ihc.png")]
TILE_LIMIT = 1_000_000
DISTRACTOR_SCALES = (1.0, 0.7, 0.5, 0.35, 0.25)
DISTRACTOR_TILES = ((256, 256), (320, 240), (240, 320))


def distractor_sources():
    sources = []
    for wallpaper in sorted(glob.glob("/usr/share/wallpapers/*/contents/images")):
        sizes = glob.glob(os.path.join(wallpaper, "*"))
        sources.append(max(sizes, key=lambda p: os.path.getsize(p)))
    sources += sorted(glob.glob("/usr/share/backgrounds/gnome/*-l.webp"))
    for folder in ("abstract", "desktop"):
        for path in sorted(glob.glob(f"/usr/share/backgrounds/mate/{folder}/*")):
            if not re.search(r"_\d+x\d+\.", path):  # the same picture at other sizes
                sources.append(path)
    sources += [f"/usr/lib/python3/dist-packages/skimage/data/{n}" for n in ("brick.png", "grass.png", "gravel.png")]
    return [s for s in sources if os.path.exists(s)]


def read(path):
    image = cv2.imread(path, cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot read {path}")
    return image


def tiles_of(image, limit):
    """The image whole when small enough, else a grid of equal tiles of at most `limit` pixels."""
    h, w = image.shape[:2]
    n = 1
    while (h // n) * (w // n) > limit:
        n += 1
    th, tw = h // n, w // n
    return [image[r * th:(r + 1) * th, c * tw:(c + 1) * tw] for r in range(n) for c in range(n)]


def resized(image, factor):
    h, w = image.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)


def cropped(image, percent):
    """A centred crop taking `percent` of the width and of the height away, half on each side."""
    h, w = image.shape[:2]
    dy, dx = round(h * percent / 200), round(w * percent / 200)
    return image[dy:h - dy, dx:w - dx]


def jpeg(path, image, quality):
    cv2.imwrite(path, image, [cv2.IMWRITE_JPEG_QUALITY, quality])


def variants(image):
    """(class, suffix, writer) for every variant class."""
    return [
        ("jpeg q95", "q95.jpg", lambda p: jpeg(p, image, 95)),
        ("jpeg q75", "q75.jpg", lambda p: jpeg(p, image, 75)),
        ("jpeg q50", "q50.jpg", lambda p: jpeg(p, image, 50)),
        ("resize 0.5x", "r050.png", lambda p: cv2.imwrite(p, resized(image, 0.5))),
        ("resize 0.75x", "r075.png", lambda p: cv2.imwrite(p, resized(image, 0.75))),
        ("resize 1.5x", "r150.png", lambda p: cv2.imwrite(p, resized(image, 1.5))),
        ("resize 2x", "r200.png", lambda p: cv2.imwrite(p, resized(image, 2.0))),
        ("resize 0.75x + q75", "r075q75.jpg", lambda p: jpeg(p, resized(image, 0.75), 75)),
        ("resize 0.5x + q60", "r050q60.jpg", lambda p: jpeg(p, resized(image, 0.5), 60)),
        ("jpeg to png", "png.png", lambda p: cv2.imwrite(p, image)),
        ("crop 1%", "c01.jpg", lambda p: jpeg(p, cropped(image, 1), 92)),
        ("crop 2%", "c02.jpg", lambda p: jpeg(p, cropped(image, 2), 92)),
        ("crop 5%", "c05.jpg", lambda p: jpeg(p, cropped(image, 5), 92)),
    ]


def latency_set(out, samples_dir):
    folder = os.path.join(out, "latency")
    os.makedirs(folder, exist_ok=True)
    one_mp = (1155, 866)
    photo = cv2.resize(read(os.path.join(samples_dir, "february-1936-nipomo-calif-destitute-pea.jpg")), one_mp,
                       interpolation=cv2.INTER_AREA)
    base = os.path.join(folder, "base.jpg")
    jpeg(base, photo, 92)
    near = []
    for quality in range(55, 95):
        file = os.path.join(folder, f"near-q{quality}.jpg")
        jpeg(file, photo, quality)
        near.append(file)
    miss = []
    sources = distractor_sources()
    for i in range(40):
        image = read(sources[i % len(sources)])
        h, w = image.shape[:2]
        # Each use of a source takes another part of it: a different photo.
        part = image[(i // len(sources)) * h // 8:, (i // len(sources)) * w // 8:]
        file = os.path.join(folder, f"miss-{i}.jpg")
        jpeg(file, cv2.resize(part, one_mp, interpolation=cv2.INTER_AREA), 92)
        miss.append(file)
    return {"base": base, "near": near, "miss": miss}


def main(out, samples_dir):
    for folder in ("bases", "variants", "distractors"):
        os.makedirs(os.path.join(out, folder), exist_ok=True)
    manifest = {"bases": [], "variants": [], "distractors": []}
    base_images = [(os.path.splitext(os.path.basename(p))[0], read(p))
                   for p in sorted(glob.glob(os.path.join(samples_dir, "*.jpg")))]
    for path in BASE_PACKAGE_PHOTOS:
        if not os.path.exists(path):
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        for i, tile in enumerate(tiles_of(read(path), TILE_LIMIT)):
            base_images.append((f"{name}-t{i}", tile))
    for base_id, image in base_images:
        base_file = os.path.join(out, "bases", base_id + ".jpg")
        jpeg(base_file, image, 92)
        decoded = read(base_file)  # variants are made from the upload as others would receive it
        manifest["bases"].append({"id": base_id, "file": base_file})
        for variant_class, suffix, write in variants(decoded):
            file = os.path.join(out, "variants", f"{base_id}.{suffix}")
            write(file)
            manifest["variants"].append({"base": base_id, "class": variant_class, "file": file})
    for source in distractor_sources():
        image = read(source)
        name = re.sub(r"[^A-Za-z0-9]+", "-", source.split("/usr/share/")[-1].split("dist-packages/")[-1])
        for scale in DISTRACTOR_SCALES:
            scaled = resized(image, scale)
            h, w = scaled.shape[:2]
            for tw, th in DISTRACTOR_TILES:
                for r in range(h // th):
                    for c in range(w // tw):
                        # One grid per tile shape and scale: the shapes' grids start at different corners.
                        file = os.path.join(out, "distractors", f"{name}-s{int(scale * 100)}-{tw}x{th}-{r}-{c}.jpg")
                        y = h - (r + 1) * th if tw < th else r * th
                        x = w - (c + 1) * tw if tw > th else c * tw
                        jpeg(file, scaled[y:y + th, x:x + tw], 90)
                        manifest["distractors"].append(file)
    manifest["latency"] = latency_set(out, samples_dir)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"{len(manifest['bases'])} bases, {len(manifest['variants'])} variants, "
          f"{len(manifest['distractors'])} distractors")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
