import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the overview (/). */
export class OverviewPage {
  readonly header: Locator;
  readonly clusterList: Locator;
  readonly freshness: Locator;
  readonly backlogs: Locator;
  readonly unreachableBanner: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId('app-header');
    this.clusterList = page.getByTestId('cluster-list');
    this.freshness = page.getByTestId('freshness');
    this.backlogs = page.getByTestId('backlogs');
    this.unreachableBanner = page.getByTestId('unreachable-banner');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.header).toBeVisible();
  }

  cluster(name: string): Locator {
    return this.page.getByTestId(`cluster-${name}`);
  }

  clusterState(name: string): Locator {
    return this.page.getByTestId(`cluster-state-${name}`);
  }

  clusterError(name: string): Locator {
    return this.page.getByTestId(`cluster-error-${name}`);
  }

  /** When the sampler last read the cluster (epoch ms), from the card; 0 before the first round. */
  async lastSampled(name: string): Promise<number> {
    return Number((await this.cluster(name).getAttribute('data-last-success')) ?? 0);
  }
}
