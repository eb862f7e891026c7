import { describe, expect, it } from 'vitest';
import { crossOriginRefusal, demoBody } from './ui-demo';

const req = (headers: Record<string, string>) =>
  new Request('http://127.0.0.1:3000/api/demo', { method: 'POST', headers });

describe('the demo route refuses cross-origin mutations', () => {
  it('accepts the dashboard itself and non-browser clients', () => {
    expect(crossOriginRefusal(req({ host: '127.0.0.1:3000' }))).toBeNull();
    expect(
      crossOriginRefusal(
        req({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }),
      ),
    ).toBeNull();
  });

  it('refuses another site by Sec-Fetch-Site or by Origin', () => {
    expect(crossOriginRefusal(req({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }))).toMatch(
      /cross-site request refused/,
    );
    expect(crossOriginRefusal(req({ host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site' }))).toMatch(
      /refused/,
    );
    expect(crossOriginRefusal(req({ host: '127.0.0.1:3000', origin: 'http://evil.example' }))).toMatch(
      /cross-origin request refused/,
    );
    expect(crossOriginRefusal(req({ host: '127.0.0.1:3000', origin: 'null' }))).toMatch(/refused/);
  });
});

describe('demo request bodies', () => {
  it('accepts start with bounded overrides and stop', () => {
    expect(demoBody.parse({ action: 'start' })).toEqual({ action: 'start' });
    expect(demoBody.parse({ action: 'start', consumerRate: 500, durationSeconds: 60 }).action).toBe('start');
    expect(demoBody.parse({ action: 'stop' })).toEqual({ action: 'stop' });
  });

  it('rejects unknown actions, unknown keys and rates past the limits', () => {
    expect(demoBody.safeParse({ action: 'explode' }).success).toBe(false);
    expect(demoBody.safeParse({ action: 'start', topic: 'prod-orders' }).success).toBe(false);
    expect(demoBody.safeParse({ action: 'start', burstRate: 1_000_000 }).success).toBe(false);
    expect(demoBody.safeParse({ action: 'stop', durationSeconds: 5 }).success).toBe(false);
  });
});
