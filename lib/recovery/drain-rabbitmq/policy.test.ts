import { describe, expect, it } from 'vitest';
import { dangerousKeys, mergeDefinitions, type PolicyLike, pickPolicy } from './policy';

const policy = (p: Partial<PolicyLike> & { name: string }): PolicyLike => ({
  pattern: '.*',
  applyTo: 'all',
  priority: 0,
  definition: {},
  operator: false,
  ...p,
});

describe('pickPolicy (RabbitMQ matching rules)', () => {
  const name = 'orders.drain.j1.3';

  it('takes the highest-priority matching user policy', () => {
    const pick = pickPolicy(
      [
        policy({ name: 'low', priority: 1, definition: { 'max-length': 10 } }),
        policy({
          name: 'high',
          pattern: '^orders\\.drain\\.',
          priority: 5,
          definition: { 'queue-mode': 'lazy' },
        }),
        policy({ name: 'other', pattern: '^payments', priority: 9, definition: { 'message-ttl': 1 } }),
      ],
      name,
      'classic',
    );
    expect(pick.policy?.name).toBe('high');
    expect(dangerousKeys(pick.definition)).toEqual({});
  });

  it('honours apply-to: exchanges never, quorum_queues only for quorum queues', () => {
    const ps = [
      policy({ name: 'ex', applyTo: 'exchanges', priority: 9, definition: { 'alternate-exchange': 'x' } }),
      policy({ name: 'q', applyTo: 'quorum_queues', priority: 5, definition: { 'max-length': 5 } }),
    ];
    expect(pickPolicy(ps, name, 'classic').policy).toBeNull();
    expect(pickPolicy(ps, name, 'quorum').policy?.name).toBe('q');
  });

  it('reports dangerous keys, with operator policies capping numeric limits', () => {
    const pick = pickPolicy(
      [
        policy({ name: 'user', definition: { 'max-length': 1000, 'message-ttl': 60000 } }),
        policy({ name: 'op', operator: true, definition: { 'max-length': 10, expires: 5000 } }),
      ],
      name,
      'classic',
    );
    expect(pick.operatorPolicy?.name).toBe('op');
    expect(dangerousKeys(pick.definition)).toEqual({ 'max-length': 10, 'message-ttl': 60000, expires: 5000 });
    expect(mergeDefinitions({ 'max-length': 3 }, { 'max-length': 10 })).toEqual({ 'max-length': 3 });
  });

  it('calls equal top priorities ambiguous and unreadable patterns unreadable', () => {
    const pick = pickPolicy(
      [policy({ name: 'a' }), policy({ name: 'b' }), policy({ name: 'bad', pattern: '(' })],
      name,
      'classic',
    );
    expect(pick.ambiguous).toEqual(['b']);
    expect(pick.unreadable).toEqual(['bad']);
  });

  it('matches unanchored patterns like RabbitMQ', () => {
    expect(pickPolicy([policy({ name: 'p', pattern: 'drain' })], name, 'classic').policy?.name).toBe('p');
    expect(pickPolicy([policy({ name: 'p', pattern: '^drain' })], name, 'classic').policy).toBeNull();
  });
});
