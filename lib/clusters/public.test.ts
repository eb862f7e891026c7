import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { redactUrl, toPublicCluster } from './public';

describe('toPublicCluster', () => {
  it('never carries passwords', () => {
    const { config } = loadConfig({
      env: {},
      cwd: '/',
      kafka: 'k1:9092',
      rabbitmq: 'amqps://ops:hunter2@mq.internal:5671/prod',
    });
    const out = JSON.stringify(config.clusters.map(toPublicCluster));
    expect(out).not.toContain('hunter2');
    expect(out).toContain('amqps://ops@mq.internal:5671/prod');
  });

  it('redacts URLs it cannot parse entirely', () => {
    expect(redactUrl('not a url with secret')).toBe('***');
    expect(redactUrl('http://u:p@h:15672/?token=abc')).toBe('http://u@h:15672');
  });
});
