#!/bin/sh
# Checks that the committed firmware/hex/*.hex files are what the source builds to.
# Rebuilds every board into a temporary directory and compares byte for byte.
# Needs Debian's AVR toolchain: apt-get install gcc-avr avr-libc arduino-core-avr
set -eu
cd "$(dirname "$0")"

ARDUINO_DIR=${ARDUINO_DIR:-/usr/share/arduino/hardware/arduino/avr}
if ! command -v avr-gcc >/dev/null 2>&1 || [ ! -d "$ARDUINO_DIR/cores/arduino" ]; then
  echo "firmware/check.sh: the AVR toolchain is missing (avr-gcc or $ARDUINO_DIR)." >&2
  echo "Install it with: sudo apt-get install -y gcc-avr avr-libc arduino-core-avr" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "firmware/check.sh: rebuilding uno, nano, mega from firmware/neuroboard/ into $tmp"
if ! make -s --no-print-directory BUILD="$tmp/build" HEX="$tmp/hex" ARDUINO_DIR="$ARDUINO_DIR"; then
  echo "firmware/check.sh: FAIL: the firmware does not build (see the errors above)." >&2
  exit 1
fi

status=0
for board in uno nano mega; do
  committed="hex/neuroboard-$board.hex"
  if [ ! -f "$committed" ]; then
    echo "firmware/check.sh: FAIL: firmware/$committed is missing." >&2
    status=1
  elif cmp -s "$committed" "$tmp/hex/neuroboard-$board.hex"; then
    echo "firmware/check.sh: ok   $board: firmware/$committed matches the source"
  else
    echo "firmware/check.sh: FAIL $board: firmware/$committed differs from what the source builds." >&2
    status=1
  fi
done
if [ "$status" -ne 0 ]; then
  echo "firmware/check.sh: run 'make -C firmware' and commit firmware/hex/." >&2
fi
exit "$status"
