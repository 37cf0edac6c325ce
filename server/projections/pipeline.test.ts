import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SpaceEvent } from '../events';
import { createPipeline, type Processor } from './index';

const changed = (conversationId: string): SpaceEvent => ({ type: 'conversation.changed', conversationId, contactId: 'k1' });

function recorder(name: string, applicableEvents: Processor['applicableEvents'], failTimes = 0) {
  const seen: Array<[string, SpaceEvent]> = [];
  let failures = failTimes;
  const p: Processor = {
    name,
    applicableEvents,
    perform: (spaceId, event) => {
      if (failures > 0) {
        failures--;
        throw new Error(`${name} broke`);
      }
      seen.push([spaceId, event]);
    },
  };
  return { p, seen };
}

afterEach(() => vi.useRealTimers());

describe('the after-commit pipeline', () => {
  it('runs exactly the processors that declare an event', () => {
    const conv = recorder('conversation docs', ['conversation.changed']);
    const inbox = recorder('inbox doc', ['notifications.changed']);
    const pipeline = createPipeline([conv.p, inbox.p], () => {});
    pipeline.handle('s1', changed('c1'));
    pipeline.handle('s1', { type: 'notifications.changed', userId: 'u1' });
    pipeline.handle('s1', { type: 'members.changed' });
    expect(conv.seen).toEqual([['s1', changed('c1')]]);
    expect(inbox.seen).toEqual([['s1', { type: 'notifications.changed', userId: 'u1' }]]);
    pipeline.stop();
  });

  it('logs a failure with its event and retries it before the next event of that processor', () => {
    const lines: string[] = [];
    const conv = recorder('conversation docs', ['conversation.changed'], 1);
    const pipeline = createPipeline([conv.p], (line) => lines.push(line));
    pipeline.handle('s1', changed('c1'));
    expect(conv.seen).toEqual([]);
    expect(pipeline.failed).toBe(1);
    expect(lines[0]).toContain('conversation docs failed on conversation.changed in space s1');
    expect(lines[0]).toContain('"conversationId":"c1"');
    pipeline.handle('s1', changed('c2'));
    // The failed event is not lost: it is run again, first.
    expect(conv.seen.map(([, e]) => (e as { conversationId: string }).conversationId)).toEqual(['c1', 'c2']);
    expect(pipeline.failed).toBe(0);
    pipeline.stop();
  });

  it('retries on a timer with backoff when no other event comes', () => {
    vi.useFakeTimers();
    const conv = recorder('conversation docs', ['conversation.changed'], 2);
    const pipeline = createPipeline([conv.p], () => {});
    pipeline.handle('s1', changed('c1'));
    vi.advanceTimersByTime(300);
    expect(conv.seen).toEqual([]); // second failure
    expect(pipeline.failed).toBe(1);
    vi.advanceTimersByTime(1100);
    expect(conv.seen).toEqual([['s1', changed('c1')]]);
    expect(pipeline.failed).toBe(0);
    pipeline.stop();
  });

  it('one failing processor does not keep the others from an event', () => {
    const broken = recorder('broken', ['conversation.changed'], 5);
    const fine = recorder('fine', ['conversation.changed']);
    const pipeline = createPipeline([broken.p, fine.p], () => {});
    pipeline.handle('s1', changed('c1'));
    expect(fine.seen).toHaveLength(1);
    pipeline.stop();
  });
});
