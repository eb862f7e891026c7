import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for a RabbitMQ queue page (/clusters/:cluster/queues/:vhost/:queue). */
export class QueuePage {
  readonly title: Locator;
  readonly messages: Locator;
  readonly ready: Locator;
  readonly consumers: Locator;
  readonly depthChart: Locator;
  readonly settings: Locator;
  readonly ttl: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId('page-title');
    this.messages = page.getByTestId('queue-messages');
    this.ready = page.getByTestId('queue-ready');
    this.consumers = page.getByTestId('queue-consumers');
    this.depthChart = page.getByTestId('chart-depth');
    this.settings = page.getByTestId('queue-settings');
    this.ttl = page.getByTestId('queue-ttl');
  }

  async goto(cluster: string, vhost: string, queue: string): Promise<void> {
    const seg = (s: string) => encodeURIComponent(s);
    await this.page.goto(`/clusters/${seg(cluster)}/queues/${seg(vhost)}/${seg(queue)}`);
    await expect(this.title).toHaveText(queue);
  }

  async value(stat: Locator): Promise<number | null> {
    if ((await stat.count()) === 0) return null;
    const v = await stat.getAttribute('data-value');
    return v === null || v === 'null' ? null : Number(v);
  }
}
