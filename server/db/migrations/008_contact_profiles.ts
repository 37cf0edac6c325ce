/**
 * Contact profiles projected from the contact docs (for the Contacts list, sort and search) and
 * the space's custom field definitions. (Version 8 on main: 7 is the notifications migration.)
 */
export const sql = `
ALTER TABLE contacts ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN company TEXT NOT NULL DEFAULT '';
-- JSON: an array of tag names, and an object custom field key → value.
ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE contacts ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
ALTER TABLE contacts ADD COLUMN updated_at INTEGER;
UPDATE contacts SET updated_at = created_at;
-- "Recent activity" is the newest message of any of the contact's conversations, read through
-- this index rather than kept in a column every message command would have to update.
CREATE INDEX conversations_contact ON conversations(contact_id, last_message_at);
CREATE INDEX contacts_space_name ON contacts(space_id, name COLLATE NOCASE, id);
CREATE TABLE contact_fields (
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (space_id, key)
);
-- Contact-doc edits decided inside a command's transaction (workflow tags and comments), applied
-- to the contact doc by the sync server after the commit, then deleted: none is lost to a crash.
CREATE TABLE contact_doc_edits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
  edit TEXT NOT NULL
);
CREATE INDEX contact_doc_edits_contact ON contact_doc_edits(contact_id, seq);
`;
