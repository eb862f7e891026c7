import type { Locator, Page } from '@playwright/test';

/** A DataTable (virtualized: only rows in view exist, so tests filter before looking for a row). */
export class Table {
  readonly root: Locator;
  readonly filter: Locator;
  readonly count: Locator;

  constructor(
    readonly page: Page,
    readonly testId: string,
  ) {
    this.root = page.getByTestId(testId);
    this.filter = page.getByTestId(`${testId}-filter`);
    this.count = page.getByTestId(`${testId}-count`);
  }

  rows(): Locator {
    return this.root.locator('tbody tr');
  }

  sortBy(column: string): Locator {
    return this.page.getByTestId(`${this.testId}-sort-${column}`);
  }
}
