#!/usr/bin/env bash
# Makes the fonts the script tests use, so that `cargo test` needs no system fonts: Noto
# fonts from Debian's fonts-noto-core and fonts-noto-cjk packages, cut down with fontTools'
# subsetter to the characters of tests/scripts/paragraphs.tsv (and basic Latin), with
# their licence (SIL Open Font License 1.1, from the package's copyright file).
# Needs apt-get (no root: `apt-get download`) and a Python with fonttools==4.60.1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-$HOME/.cache/annotary-venv/bin/python}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download fonts-noto-core fonts-noto-cjk >/dev/null
for deb in *.deb; do dpkg-deb -x "$deb" root; done
noto=root/usr/share/fonts/truetype/noto
cjk=root/usr/share/fonts/opentype/noto
# Every character the paragraphs use, and printable ASCII.
"$python" - "$here/../scripts/paragraphs.tsv" > chars.txt <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
# Thai's sara am is shaped as nikhahit and sara aa: the shaper needs those too.
chars = set(text) | {chr(c) for c in range(0x20, 0x7f)} | {"\u0e4d", "\u0e32"}
print("".join(sorted(c for c in chars if c not in "\t\n")))
PY
subset() { # font output [extra pyftsubset options]
  local font=$1 out=$2
  shift 2
  "$python" -m fontTools.subset "$font" --text-file=chars.txt --output-file="$here/$out" \
    --layout-features='*' --name-IDs='*' --no-hinting --desubroutinize "$@"
}
subset "$noto/NotoSansArabic-Regular.ttf" NotoSansArabic-subset.ttf
subset "$noto/NotoNastaliqUrdu-Regular.ttf" NotoNastaliqUrdu-subset.ttf
subset "$noto/NotoSansHebrew-Regular.ttf" NotoSansHebrew-subset.ttf
subset "$noto/NotoSansDevanagari-Regular.ttf" NotoSansDevanagari-subset.ttf
subset "$noto/NotoSansThai-Regular.ttf" NotoSansThai-subset.ttf
subset "$cjk/NotoSansCJK-Regular.ttc" NotoSansCJK-subset.otf --font-number=2
# The licence's text is the copyright file's last stanza, indented by one space.
copyright=root/usr/share/doc/fonts-noto-core/copyright
from=$(grep -n '^License: OFL-1.1$' "$copyright" | tail -1 | cut -d: -f1)
{
  # Each font's own copyright and trademark notices (name records 0 and 7).
  "$python" - "$here" <<'PY'
import sys
from pathlib import Path
from fontTools.ttLib import TTFont
for path in sorted(Path(sys.argv[1]).glob("*-subset.*")):
    names = TTFont(path)["name"]
    print(f"{path.name}: {names.getDebugName(0)} {names.getDebugName(7) or ''}".rstrip())
PY
  echo
  echo "These subsets are licensed under the SIL Open Font License, Version 1.1:"
  echo
  tail -n +"$((from + 1))" "$copyright" | awk '/^[^ ]/ { exit } { print }' \
    | sed 's/^ //; s/^\.$//'
} > "$here/OFL.txt"
ls -l "$here"
