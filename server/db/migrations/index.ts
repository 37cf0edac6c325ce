import * as m001 from './001_foundation';
import * as m002 from './002_collab';
import * as m003 from './003_messages';
import * as m004 from './004_snippets';
import * as m005 from './005_workflows';
import * as m006 from './006_channels';
import * as m007 from './007_notifications';
import * as m008 from './008_contact_profiles';
import * as m009 from './009_snippet_files';
import * as m010 from './010_server_secrets';
import * as m011 from './011_constant_cost';
import * as m012 from './012_manual_unassign';
import * as m013 from './013_doc_epochs';
import * as m014 from './014_queue_first_screen';
import * as m015 from './015_member_status';
import * as m016 from './016_email';
import * as m017 from './017_outgoing_webhooks';
import * as m018 from './018_report_facts';
import * as m019 from './019_snooze_auto_close';
import * as m020 from './020_satisfaction';
import * as m021 from './021_sla';
import * as m022 from './022_report_rollups';
import * as m023 from './023_email_forwarding_key';
import * as m024 from './024_search_prefixes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a migration that has shipped is never edited, a new one is added after it. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', sql: m001.sql },
  { version: 2, name: 'collab', sql: m002.sql },
  { version: 3, name: 'messages', sql: m003.sql },
  { version: 4, name: 'snippets', sql: m004.sql },
  { version: 5, name: 'workflows', sql: m005.sql },
  { version: 6, name: 'channels', sql: m006.sql },
  { version: 7, name: 'notifications', sql: m007.sql },
  { version: 8, name: 'contact profiles', sql: m008.sql },
  { version: 9, name: 'snippet files', sql: m009.sql },
  { version: 10, name: 'server secrets', sql: m010.sql },
  { version: 11, name: 'constant cost per message', sql: m011.sql },
  { version: 12, name: 'manual unassign', sql: m012.sql },
  { version: 13, name: 'doc epochs', sql: m013.sql },
  { version: 14, name: 'queue first screen', sql: m014.sql },
  { version: 15, name: 'member status', sql: m015.sql },
  { version: 16, name: 'email', sql: m016.sql },
  { version: 17, name: 'outgoing webhooks', sql: m017.sql },
  { version: 18, name: 'report facts', sql: m018.sql },
  { version: 19, name: 'snooze and auto-close', sql: m019.sql },
  { version: 20, name: 'customer satisfaction', sql: m020.sql },
  { version: 21, name: 'SLAs', sql: m021.sql },
  { version: 22, name: 'report rollups', sql: m022.sql },
  { version: 23, name: 'email forwarding key', sql: m023.sql },
  { version: 24, name: 'search prefix indexes', sql: m024.sql },
];
