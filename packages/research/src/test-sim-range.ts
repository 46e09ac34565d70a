import type { Simulator } from '@tikrx/simulator';
import { dayNumberOf, formatDay } from './dates.js';

/** `YYYYMMDD` `days` after `day`. */
export function addDays(day: string, days: number): string {
  return formatDay(dayNumberOf(day) + days);
}

/** The last 90 days of the simulator's dataset. */
export function sim90Days(sim: Simulator): { startDate: string; endDate: string } {
  return { startDate: addDays(sim.dataset.lastDay, -89), endDate: sim.dataset.lastDay };
}
