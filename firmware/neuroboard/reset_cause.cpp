// Reset cause detection, and the hardware watchdog.
//
// MCUSR holds the reset flags, but every stock bootloader clears it before starting the sketch:
// optiboot 4.4 (Uno), ATmegaBOOT (Nano, old bootloader) and stk500v2 (Mega). Optiboot 5 and later
// pass the flags in r2; optiboot 4.4 does not, and there r2 holds whatever was left in it. So the
// firmware combines what it can get:
//   1. MCUSR, saved in .init3 before anything else (non-zero when flashed without a bootloader,
//      and in the simulator);
//   2. else r2, saved in .init0, trusted only if it holds exactly one of PORF/EXTRF/BORF/WDRF
//      (optiboot >= 5 passes the flags there; garbage rarely looks like that);
//   3. a "warm" marker in .noinit RAM: SRAM comes up random after a power cut and keeps its content
//      across a reset, so a missing marker means "power" even when the flags are lost;
//   4. an "our watchdog" marker set by the watchdog interrupt when the loop has not run for 1 s.
//      Optiboot ends every DTR/reset-button session with its own watchdog reset, so WDRF alone
//      would report each port open as "watchdog"; the marker tells the two apart.
// A wedge is recovered by the watchdog interrupt restarting the sketch (jmp 0), not by a watchdog
// system reset: the Nano clones' old bootloader (ATmegaBOOT) never turns off the watchdog after a
// watchdog reset and resets every 16 ms until unplugged. The system reset, 1 s later, stays as the
// backstop for a wedge with interrupts disabled (the interrupt cannot run); behind ATmegaBOOT that
// one is only cured by unplugging (PROTOCOL.md: Hardware watchdog).
// Limits: with a stock bootloader a brownout that keeps SRAM reads as "external"; a wedge with
// interrupts disabled resets 2 s later but reads as "external".
#include <Arduino.h>
#include <avr/wdt.h>
#include "reset_cause.h"

static const uint32_t WARM_MAGIC = 0x6e62776dUL;      // "nbwm"
static const uint32_t OUR_WATCHDOG_MAGIC = 0x6e627764UL; // "nbwd"

static uint8_t savedR2 __attribute__((section(".noinit"), used));
static uint8_t savedMcusr __attribute__((section(".noinit")));
static uint32_t warmMarker __attribute__((section(".noinit")));
static volatile uint32_t ourWatchdogMarker __attribute__((section(".noinit")));
static const char *cause;

// .init0 runs first after the reset vector: r2 is still what the bootloader left there.
extern "C" void nbSaveR2() __attribute__((naked, used, section(".init0")));
extern "C" void nbSaveR2() { __asm__ __volatile__("sts %0, r2\n" : "=m"(savedR2)); }

// .init3 runs after the stack and __zero_reg__ are set up, before .data/.bss init and main().
// After a watchdog reset the watchdog stays enabled (at 16 ms on a 328P): turn it off here, long
// before setup(), or a slow start would reset the board forever.
extern "C" void nbSaveMcusr() __attribute__((naked, used, section(".init3")));
extern "C" void nbSaveMcusr() {
  savedMcusr = MCUSR;
  MCUSR = 0;
  wdt_disable();
}

static bool exactlyOneFlag(uint8_t f) {
  return f == _BV(PORF) || f == _BV(EXTRF) || f == _BV(BORF) || f == _BV(WDRF);
}

static const char *decideCause() {
  uint8_t flags = savedMcusr;
  if (flags == 0 && exactlyOneFlag(savedR2)) flags = savedR2;
  bool warm = warmMarker == WARM_MAGIC;
  bool ourWatchdog = ourWatchdogMarker == OUR_WATCHDOG_MAGIC;
  if ((flags & _BV(PORF)) || !warm) return "power";
  if (flags & _BV(BORF)) return "brownout";
  if (ourWatchdog) return "watchdog";
  return "external";
}

const char *resetCauseName() {
  if (!cause) {
    cause = decideCause();
    warmMarker = WARM_MAGIC;
    ourWatchdogMarker = 0;
  }
  return cause;
}

// WDP2|WDP1 = 1 s per stage.
static const uint8_t WDT_1S = _BV(WDP2) | _BV(WDP1);

void watchdogArm() {
  uint8_t sreg = SREG;
  cli();
  wdt_reset();
  WDTCSR = _BV(WDCE) | _BV(WDE);
  WDTCSR = _BV(WDIE) | _BV(WDE) | WDT_1S;
  SREG = sreg;
}

void watchdogKick() {
  wdt_reset();
  // The interrupt stage clears WDIE when it runs. If the loop came back anyway, this was a slow
  // loop, not a wedge: forget the marker and arm the interrupt stage again.
  if (!(WDTCSR & _BV(WDIE))) {
    ourWatchdogMarker = 0;
    watchdogArm();
  }
}

// Restarts the sketch as a reset would, without resetting the chip: the interrupts the sketch
// enabled are switched off first (a reset would; the C runtime and init() set them up again), and
// the watchdog too (MCUSR's WDRF is clear: .init3 cleared it). Never returns.
static void restartSketch() __attribute__((noreturn));
static void restartSketch() {
  wdt_disable();
  UCSR0B = 0;
  TIMSK0 = 0;
  TIMSK1 = 0;
  TIMSK2 = 0;
#ifdef TIMSK3
  TIMSK3 = 0;
  TIMSK4 = 0;
  TIMSK5 = 0;
#endif
  ADCSRA = 0;
  EIMSK = 0;
  PCICR = 0;
  __asm__ __volatile__("jmp 0");
  __builtin_unreachable();
}

// The loop has not kicked the watchdog for 1 s: the sketch is wedged. Mark it and restart.
ISR(WDT_vect) {
  ourWatchdogMarker = OUR_WATCHDOG_MAGIC;
  restartSketch();
}
