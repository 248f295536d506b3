// Why the board last reset, and the AVR hardware watchdog that makes a wedged board reset itself.
#pragma once

// "power", "external", "watchdog" or "brownout" (PROTOCOL.md: BOOT). Valid from the start of setup().
const char *resetCauseName();

// Arms the hardware watchdog: interrupt after 1 s without a kick (marks "this was our watchdog"),
// system reset 1 s later, so a wedged board resets 2 s after the loop last ran.
void watchdogArm();

// Called once per loop. Also re-arms the interrupt stage if a slow loop let it fire.
void watchdogKick();
