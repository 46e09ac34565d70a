import type { Page } from 'playwright-core';

/** A counter of the dashboard page (`videos`, `pages`, …) as a number. */
export const counterOf = (page: Page, name: string): Promise<number> =>
  page
    .locator(`[data-counter="${name}"]`)
    .textContent()
    .then((text) => numberOf(text ?? ''));

/** `17,391` or `2.5s` as a number. */
export function numberOf(text: string): number {
  return Number(text.replaceAll(',', '').replace(/s$/, ''));
}

/** The day strip as one string, `20230101:done 20230102:running …`. */
export const stripOf = (page: Page): Promise<string> =>
  page
    .locator('[data-testid="day-strip"] > [data-day]')
    .evaluateAll((cells) =>
      cells.map((cell) => `${cell.getAttribute('data-day')}:${cell.getAttribute('data-state')}`),
    )
    .then((cells) => cells.join(' '));
