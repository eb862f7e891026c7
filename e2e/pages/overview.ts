import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the overview (/). */
export class OverviewPage {
  readonly header: Locator;
  readonly clusterList: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId('app-header');
    this.clusterList = page.getByTestId('cluster-list');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.header).toBeVisible();
  }

  cluster(name: string): Locator {
    return this.page.getByTestId(`cluster-${name}`);
  }
}
