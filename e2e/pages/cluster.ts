import { expect, type Locator, type Page } from '@playwright/test';
import { Table } from './table';

/** Page object for a cluster page (/clusters/:cluster). */
export class ClusterPage {
  readonly title: Locator;
  readonly state: Locator;
  readonly error: Locator;
  readonly groups: Table;
  readonly topics: Table;
  readonly queues: Table;
  readonly demoStart: Locator;
  readonly demoStop: Locator;
  readonly demoState: Locator;
  readonly demoGroupLink: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('page-title');
    this.state = page.getByTestId('cluster-state');
    this.error = page.getByTestId('cluster-error');
    this.groups = new Table(page, 'groups');
    this.topics = new Table(page, 'topics');
    this.queues = new Table(page, 'queues');
    this.demoStart = page.getByTestId('demo-start');
    this.demoStop = page.getByTestId('demo-stop');
    this.demoState = page.getByTestId('demo-state');
    this.demoGroupLink = page.getByTestId('demo-group-link');
  }

  async goto(cluster: string): Promise<void> {
    await this.page.goto(`/clusters/${encodeURIComponent(cluster)}`);
    await expect(this.title).toHaveText(cluster);
  }
}
