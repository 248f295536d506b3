// Why the board last reset, and the AVR hardware watchdog that makes a wedged board reset itself.
#pragma once

// "power", "external", "watchdog" or "brownout" (PROTOCOL.md: BOOT). Valid from the start of setup().
const char *resetCauseName();

// Arms the hardware watchdog: interrupt after 1 s without a kick (marks "this was our watchdog" and
// restarts the sketch), system reset 1 s later as a backstop for a wedge with interrupts disabled.
void watchdogArm();

// Called once per loop. Also re-arms the interrupt stage if a slow loop let it fire.
void watchdogKick();
