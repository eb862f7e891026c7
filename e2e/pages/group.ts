import { expect, type Locator, type Page } from '@playwright/test';
import { Table } from './table';

/** Page object for a consumer group page (/clusters/:cluster/groups/:group). */
export class GroupPage {
  readonly title: Locator;
  readonly status: Locator;
  readonly lag: Locator;
  readonly eta: Locator;
  readonly partitions: Table;
  readonly lagChart: Locator;
  readonly ratesChart: Locator;
  readonly demoBadge: Locator;
  readonly recovery: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('page-title');
    this.status = page.getByTestId('group-status');
    this.lag = page.getByTestId('group-lag');
    this.eta = page.getByTestId('group-eta');
    this.partitions = new Table(page, 'partitions');
    this.lagChart = page.getByTestId('chart-lag');
    this.ratesChart = page.getByTestId('chart-rates');
    this.demoBadge = page.getByTestId('demo-badge').first();
    this.recovery = page.getByTestId('recovery');
  }

  async goto(cluster: string, group: string, range?: string): Promise<void> {
    const q = range ? `?range=${range}` : '';
    await this.page.goto(`/clusters/${encodeURIComponent(cluster)}/groups/${encodeURIComponent(group)}${q}`);
    await expect(this.title).toHaveText(group);
  }

  /** The exact lag figure (data-value), or null before the group is sampled. */
  async lagValue(): Promise<number | null> {
    if ((await this.lag.count()) === 0) return null;
    const v = await this.lag.getAttribute('data-value');
    return v === null || v === 'null' ? null : Number(v);
  }

  async statusValue(): Promise<string | null> {
    if ((await this.status.count()) === 0) return null;
    return this.status.getAttribute('data-status');
  }
}
