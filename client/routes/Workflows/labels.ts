import type { Action, Condition, Trigger } from '../../../shared/domain/workflowEngine';

export const TRIGGER_LABELS: Record<Trigger, string> = {
  'conversation.opened': 'A conversation opens',
  'conversation.closed': 'A conversation is closed',
  'conversation.unsnoozed': 'A snoozed conversation comes back',
  'message.received': 'A customer message arrives',
  'contact.tagAdded': 'A contact tag is added',
};

export const CONDITION_LABELS: Record<Condition['kind'], string> = {
  channel: 'Channel is',
  contactTag: 'Contact tag',
  contactField: 'Contact field equals',
  textContains: 'Message text contains',
  businessHours: 'Business hours',
};

export const ACTION_LABELS: Record<Action['kind'], string> = {
  assign: 'Assign to a member',
  roundRobin: 'Assign by round robin',
  leastOpen: 'Assign to the member with the fewest open conversations',
  unassign: 'Unassign',
  addTag: 'Add a contact tag',
  removeTag: 'Remove a contact tag',
  sendSnippet: 'Send a snippet',
  sendText: 'Send a text',
  close: 'Close the conversation',
  snooze: 'Snooze the conversation',
  addComment: 'Add a comment',
};

export function newCondition(kind: Condition['kind']): Condition {
  switch (kind) {
    case 'channel':
      return { kind, channelIds: [] };
    case 'contactTag':
      return { kind, tag: '', present: true };
    case 'contactField':
      return { kind, key: '', equals: '' };
    case 'textContains':
      return { kind, text: '' };
    case 'businessHours':
      return { kind, inside: true };
  }
}

export function newAction(kind: Action['kind']): Action {
  const pool = { userIds: [], onlineOnly: true, capacity: null };
  switch (kind) {
    case 'assign':
      return { kind, userId: '', onlineOnly: false, capacity: null };
    case 'roundRobin':
    case 'leastOpen':
      return { kind, pool };
    case 'addTag':
    case 'removeTag':
      return { kind, tag: '' };
    case 'sendSnippet':
      return { kind, snippetId: '' };
    case 'sendText':
    case 'addComment':
      return { kind, text: '' };
    case 'snooze':
      return { kind, hours: 24 };
    default:
      return { kind } as Action;
  }
}
