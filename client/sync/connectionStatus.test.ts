import { describe, expect, it } from 'vitest';
import { connectionStatus, docSyncedAt, onReconnect, pendingCount, reportDocPending, reportDocState, reportDocSyncedAt, reportOutboxPending, reportReconnected } from './connectionStatus';

describe('connection state for the rail', () => {
  it('counts outbox messages plus docs with local changes not yet synced (once per doc)', () => {
    expect(pendingCount()).toBe(0);
    reportOutboxPending(2);
    reportDocPending('s.a.user.u.drafts', true);
    reportDocPending('s.a.user.u.drafts', true);
    reportDocPending('s.a.contact.c', true);
    expect(pendingCount()).toBe(4);
    reportDocPending('s.a.user.u.drafts', false);
    reportOutboxPending(0);
    expect(pendingCount()).toBe(1);
    reportDocPending('s.a.contact.c', false);
    expect(pendingCount()).toBe(0);
  });

  it('offline when every open doc is offline, syncing while one catches up, online when all are synced', () => {
    reportDocState('q', 'offline');
    reportDocState('c', 'offline');
    expect(connectionStatus()).toBe('offline');
    reportDocState('q', 'syncing');
    expect(connectionStatus()).toBe('syncing');
    reportDocState('q', 'synced');
    reportDocState('c', 'synced');
    expect(connectionStatus()).toBe('online');
    reportDocState('q', null);
    reportDocState('c', null);
  });

  it('tells every listener when a socket reconnects, until it unsubscribes', () => {
    let calls = 0;
    const off = onReconnect(() => calls++);
    reportReconnected();
    off();
    reportReconnected();
    expect(calls).toBe(1);
  });

  it('keeps when each open doc last matched the server, and forgets a closed doc', () => {
    expect(docSyncedAt('s.a.conv.c1')).toBeNull();
    reportDocSyncedAt('s.a.conv.c1', 1_700_000_000_000);
    reportDocSyncedAt('s.a.conv.c2', 1_700_000_100_000);
    expect(docSyncedAt('s.a.conv.c1')).toBe(1_700_000_000_000);
    reportDocSyncedAt('s.a.conv.c1', null);
    expect(docSyncedAt('s.a.conv.c1')).toBeNull();
    expect(docSyncedAt('s.a.conv.c2')).toBe(1_700_000_100_000);
  });
});
