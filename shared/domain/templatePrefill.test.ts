import { describe, expect, it } from 'vitest';
import { prefillFromContact } from './templatePrefill';

const asha = { name: 'Asha Rao Menon', phone: '+15557654321', email: 'asha@example.com', company: 'Menon Foods', fields: { order: '4521', city: ' Pune ' } };
const defs = [
  { key: 'order', label: 'Order number' },
  { key: 'city', label: 'City' },
];

describe('template variables filled from the contact by what they stand for', () => {
  it.each([
    ['Customer name', 'Asha Rao Menon'],
    ['Name', 'Asha Rao Menon'],
    ['Full name', 'Asha Rao Menon'],
    ['Contact’s name', 'Asha Rao Menon'],
    ['First name', 'Asha'],
    ['first_name', 'Asha'],
    ['Customer first name', 'Asha'],
    ['Given name', 'Asha'],
    ['Last name', 'Menon'],
    ['Surname', 'Menon'],
    ['E-mail', 'asha@example.com'],
    ['Email address', 'asha@example.com'],
    ['Phone', '+15557654321'],
    ['Mobile number', '+15557654321'],
    ['Company', 'Menon Foods'],
    // A custom contact field with that label (or key): its value, trimmed.
    ['Order number', '4521'],
    ['order', '4521'],
    ['City', 'Pune'],
    // Someone else's name, or no meaning Kaon knows: left for the agent.
    ['Agent name', ''],
    ['Company name', 'Menon Foods'],
    ['Product name', ''],
    ['Plan name', ''],
    ['Pickup date', ''],
    ['Tracking number', ''],
    ['', ''],
    ['{{1}}', ''],
  ])('%j → %j', (label, value) => expect(prefillFromContact(label, asha, defs)).toBe(value));

  it('a one-word name has no last name, and missing details stay empty', () => {
    expect(prefillFromContact('Last name', { name: 'Madonna' })).toBe('');
    expect(prefillFromContact('First name', { name: 'Madonna' })).toBe('Madonna');
    expect(prefillFromContact('E-mail', { name: 'Madonna' })).toBe('');
    expect(prefillFromContact('Order number', { name: 'Madonna', fields: {} }, defs)).toBe('');
  });
});
