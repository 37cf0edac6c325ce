import { describe, expect, it } from 'vitest';
import { channelLabel, deliveryStatusName, queueRowName } from './a11yNames';

describe('accessible names', () => {
  it.each([
    ['webchat', 'Website chat'],
    ['whatsapp', 'WhatsApp'],
    ['telegram', 'Telegram'],
    ['messenger', 'Messenger'],
    ['email', 'E-mail'],
    ['fax', 'Other channel'],
    [null, 'Other channel'],
  ])('channelLabel(%j) = %s', (kind, expected) => expect(channelLabel(kind)).toBe(expected));

  const row = { contactName: 'Vera Visitor', channelKind: 'webchat', assigneeName: null, unread: 0, preview: 'Hello' };
  it.each([
    ['unassigned, read', row, 'Vera Visitor, Website chat, unassigned: Hello'],
    ['assigned, unread', { ...row, channelKind: 'whatsapp', assigneeName: 'Bob Agent', unread: 2 }, 'Vera Visitor, WhatsApp, assigned to Bob Agent, 2 unread: Hello'],
    ['no preview yet', { ...row, preview: '' }, 'Vera Visitor, Website chat, unassigned'],
    ['with an SLA', { ...row, slaText: 'First response: 12 min left' }, 'Vera Visitor, Website chat, unassigned, SLA First response: 12 min left: Hello'],
    ['closed, with its note', { ...row, closed: true, note: 'Refund: label sent' }, 'Vera Visitor, Website chat, closed: Refund: label sent'],
    ['closed, no note', { ...row, closed: true, note: null }, 'Vera Visitor, Website chat, closed: Hello'],
  ])('queueRowName: %s', (_what, facts, expected) => expect(queueRowName(facts)).toBe(expected));

  it.each([
    ['pending', null, 'Pending'],
    ['sent', null, 'Sent'],
    ['delivered', null, 'Delivered'],
    ['read', null, 'Read'],
    ['failed', 'Message undeliverable', 'Failed: Message undeliverable'],
    ['failed', null, 'Failed: the provider refused it'],
    ['failed', '  ', 'Failed: the provider refused it'],
  ])('deliveryStatusName(%j, %j) = %s', (status, error, expected) => expect(deliveryStatusName(status, error)).toBe(expected));
});
