#!/usr/bin/env bash
# Builds the fonts printable PDFs embed (platform/src/main/resources/fonts/) from Debian's packages:
#   fonts-droid-fallback  DroidSansFallbackFull.ttf (Apache-2.0): Chinese, cut to GB2312, CJK
#                         punctuation, full-width forms and every character of the bundled data
#   fonts-dejavu-core     DejaVuSans.ttf, DejaVuSans-Bold.ttf (Bitstream Vera licence): Latin, digits,
#                         punctuation, arrows, ≥ ≤ × and ★ ☆, which the Chinese font lacks
# Both are TrueType outlines (PDFBox embeds those; CFF-based OpenType such as Noto CJK it does not).
# Needs python3-fonttools (apt). Run from the repository's root: platform/fonts/subset.sh
set -euo pipefail
out=platform/src/main/resources/fonts
py=/usr/bin/python3
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
"$py" - "$chars" core/src/main/resources/regions/fujian.yaml rating/src/main/resources/rating/*.yaml \
    rating/src/main/resources/rating/*.properties supervision/src/main/resources/letter/*.yaml <<'PY'
import sys
out = sys.argv[1]
cs = set()
for hi in range(0xA1, 0xF8):            # every GB2312 character (rows A1..F7)
    for lo in range(0xA1, 0xFF):
        try:
            cs.add(bytes([hi, lo]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
for lo, hi in [(0x3000, 0x303F), (0xFF00, 0xFFEF)]:   # CJK punctuation, full-width forms
    cs.update(chr(c) for c in range(lo, hi + 1))
for name in sys.argv[2:]:               # whatever the bundled data says, GB2312 or not
    with open(name, encoding='utf-8') as f:
        cs.update(f.read())
with open(out, 'w', encoding='utf-8') as f:
    f.write(''.join(sorted(c for c in cs if c.isprintable() and ord(c) > 0x2E7F)))
PY
"$py" -m fontTools.subset /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf --text-file="$chars" \
    --layout-features='*' --name-IDs='*' --name-languages='*' --output-file="$out/DroidSansFallback-GB2312.ttf"
latin='U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-205E,U+2070-209F,U+20AC,U+2100-215F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+25A0-25FF,U+2600-26FF,U+2713-2717'
for w in DejaVuSans DejaVuSans-Bold; do
  "$py" -m fontTools.subset "/usr/share/fonts/truetype/dejavu/$w.ttf" --unicodes="$latin" \
      --layout-features='*' --name-IDs='*' --output-file="$out/$w-Latin.ttf"
done
ls -l "$out"
