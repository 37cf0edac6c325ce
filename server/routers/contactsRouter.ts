import { contactFieldDeleteInput, contactFieldReorderInput, contactFieldSaveInput, contactGetInput, contactListInput } from '../../shared/schemas/contactsSchema';
import { deleteContactField } from '../commands/deleteContactField';
import { reorderContactFields } from '../commands/reorderContactFields';
import { saveContactField } from '../commands/saveContactField';
import { contactFields, contacts, type ContactCursor, type ContactFieldRow } from '../db/contacts';
import { contactHistory, conversations } from '../db/conversations';
import { searchExpression } from '../db/search';
import { errors } from '../errors';
import { allowed, memberProcedure, router } from '../trpc/init';

const encodeCursor = (c: ContactCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string | undefined, sort: 'name' | 'recent'): ContactCursor | null {
  if (text === undefined) return null;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString()) as ContactCursor;
    if (typeof c.id === 'string' && (sort === 'name' ? typeof c.v === 'string' : typeof c.v === 'number')) return c;
  } catch {
    // fall through
  }
  throw errors.badRequest('cursor: this page marker is not valid; load the list again.');
}

const fieldView = (f: ContactFieldRow) => ({ key: f.key, label: f.label, position: f.position });

/** The Contacts module: every contact of the space (open conversation or not), and one contact's page. */
export const contactsRouter = router({
  list: memberProcedure.input(contactListInput).query(({ ctx, input }) => {
    const match = searchExpression(ctx.spaceId, input.query);
    // A search of only punctuation matches nothing (rather than everything).
    if (input.query && !match) return { items: [], next: null };
    const rows = contacts.list(ctx.db, ctx.spaceId, { sort: input.sort, match, cursor: decodeCursor(input.cursor, input.sort), limit: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const p = contacts.profileOf(r);
        return { id: r.id, name: p.name, phone: p.phone, email: p.email, company: p.company, tags: p.tags, lastActivityAt: r.activity };
      }),
      next: rows.length > input.limit && last ? encodeCursor({ v: input.sort === 'name' ? last.name : last.activity, id: last.id }) : null,
    };
  }),
  /** The profile as SQLite has it (the live one is the contact doc), channels, conversations. */
  get: memberProcedure.input(contactGetInput).query(({ ctx, input }) => {
    const row = contacts.inSpace(ctx.db, ctx.spaceId, input.contactId);
    if (!row) throw errors.notFound('This contact');
    return {
      id: row.id,
      ...contacts.profileOf(row),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      // Website-chat identities are hashes of the visitor's cookie: never shown.
      channels: contacts.channelsOf(ctx.db, row.id).map((c) => ({ id: c.id, kind: c.kind, name: c.name, externalId: c.kind === 'webchat' ? null : c.external_id })),
      openConversationId: conversations.openForContact(ctx.db, row.id)?.id ?? null,
      conversations: contactHistory(ctx.db, row.id),
    };
  }),
});

/** Custom contact field definitions: everyone reads them, owners and managers change them. */
export const contactFieldsRouter = router({
  list: memberProcedure.query(({ ctx }) => contactFields.list(ctx.db, ctx.spaceId).map(fieldView)),
  save: allowed('contactFields.manage')
    .input(contactFieldSaveInput)
    .mutation(({ ctx, input }) => fieldView(saveContactField(ctx, { spaceId: ctx.spaceId, key: input.key, label: input.label }))),
  delete: allowed('contactFields.manage')
    .input(contactFieldDeleteInput)
    .mutation(({ ctx, input }) => {
      deleteContactField(ctx, { spaceId: ctx.spaceId, key: input.key });
      return { ok: true };
    }),
  reorder: allowed('contactFields.manage')
    .input(contactFieldReorderInput)
    .mutation(({ ctx, input }) => {
      reorderContactFields(ctx, { spaceId: ctx.spaceId, keys: input.keys });
      return contactFields.list(ctx.db, ctx.spaceId).map(fieldView);
    }),
});
