#!/bin/sh
# Checks that the committed firmware/hex/*.hex files are what the source builds to, and that the
# bootloaders in firmware/bootloaders/ are what their source builds to (optiboot) or what Debian
# ships (the others), each fitting its boot section.
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

# The bootloaders (firmware/bootloaders/Makefile says where each comes from).
# span FILE: the lowest and highest byte address an Intel hex file writes (avr-objdump lists its
# sections with their size and address; shell arithmetic does the hex).
span() {
  lo=-1 hi=-1
  for pair in $(avr-objdump -h "$1" | awk '$2 ~ /^\.sec/ { print $3 ":" $4 }'); do
    size=$((0x${pair%%:*})) start=$((0x${pair##*:}))
    if [ "$lo" -lt 0 ] || [ "$start" -lt "$lo" ]; then lo=$start; fi
    if [ $((start + size - 1)) -gt "$hi" ]; then hi=$((start + size - 1)); fi
  done
  echo "$lo $hi"
}
# fits FILE START END: every byte of FILE lies in [START, END] (the boot section its fuses give it).
fits() {
  set -- "$1" "$2" "$3" $(span "$1")
  if [ "$4" -ge "$(($2))" ] && [ "$5" -le "$(($3))" ]; then
    printf 'firmware/check.sh: ok   %s fits its boot section (0x%x..0x%x of 0x%x..0x%x)\n' "$1" "$4" "$5" "$(($2))" "$(($3))"
  else
    printf 'firmware/check.sh: FAIL %s spans 0x%x..0x%x, outside its boot section 0x%x..0x%x.\n' "$1" "$4" "$5" "$(($2))" "$(($3))" >&2
    status=1
  fi
}
if ! make -s --no-print-directory -C bootloaders OUT="$tmp/boot" ARDUINO_DIR="$ARDUINO_DIR"; then
  echo "firmware/check.sh: FAIL: optiboot does not build from $ARDUINO_DIR/bootloaders/optiboot." >&2
  exit 1
fi
if cmp -s bootloaders/optiboot_atmega328.hex "$tmp/boot/optiboot_atmega328.hex"; then
  echo "firmware/check.sh: ok   optiboot: firmware/bootloaders/optiboot_atmega328.hex matches its source"
else
  echo "firmware/check.sh: FAIL optiboot: firmware/bootloaders/optiboot_atmega328.hex differs from what its source builds; run 'make -C firmware/bootloaders'." >&2
  status=1
fi
for shipped in atmega/ATmegaBOOT_168_atmega328.hex stk500v2/stk500boot_v2_mega2560.hex; do
  name=$(basename "$shipped")
  if cmp -s "bootloaders/$name" "$ARDUINO_DIR/bootloaders/$shipped"; then
    echo "firmware/check.sh: ok   $name is Debian's as shipped"
  else
    echo "firmware/check.sh: FAIL firmware/bootloaders/$name differs from $ARDUINO_DIR/bootloaders/$shipped." >&2
    status=1
  fi
done
fits bootloaders/optiboot_atmega328.hex 0x7e00 0x7fff             # hfuse 0xde: 256 words
fits bootloaders/ATmegaBOOT_168_atmega328.hex 0x7800 0x7fff       # hfuse 0xda: 1024 words
fits bootloaders/stk500boot_v2_mega2560.hex 0x3e000 0x3ffff       # hfuse 0xd8: 4096 words
exit "$status"
