import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { FileLinks } from '../attachments/signedLinks';
import { TooLarge, type BlobStore } from '../attachments/BlobStore';
import { files } from '../db/files';
import { newId } from '../db/ids';
import type { ProviderChannelRow } from '../db/providerChannels';
import type { Deps } from '../deps';
import { asMediaFailure } from './providerHttp';
import { MediaFailure, type MediaRef, type OutboundFile, type OutboundLink, type ProviderConnection } from './adapterTypes';

const MIME = /^[a-z]+\/[a-z0-9.+-]+$/;
const cleanName = (name: string) => name.replace(/[/\\\r\n"]/g, '_').slice(0, 200) || 'file';

/**
 * Saves a file a customer sent (a provider's media, an e-mail attachment) into Kaon's
 * content-addressed store and records it as that customer's upload (`contactKey`: their identity
 * on the channel; receiveMessage and receiveEmail check files.uploaded_by_contact against the sender).
 */
export async function saveCustomerFile(
  deps: Deps,
  store: BlobStore,
  file: { spaceId: string; contactKey: string; body: Readable; mime: string; name: string; check?: (size: number) => void },
): Promise<string> {
  const { sha256, size } = await store.save(file.body, deps.config.maxUploadBytes);
  file.check?.(size);
  const id = newId();
  deps.db.transaction(() =>
    files.insert(deps.db, {
      id,
      space_id: file.spaceId,
      sha256,
      size,
      mime: file.mime,
      name: file.name,
      uploaded_by_user: null,
      uploaded_by_contact: file.contactKey,
      created_at: deps.now(),
    }),
  )();
  return id;
}

/**
 * Downloads one inbound media into Kaon's content-addressed store and records the file as the
 * customer's upload (receiveMessage checks files.uploaded_by_contact against the sender).
 */
export async function saveInboundMedia(
  deps: Deps,
  store: BlobStore,
  conn: ProviderConnection,
  channel: ProviderChannelRow,
  externalId: string,
  ref: MediaRef,
  signal: AbortSignal,
): Promise<string> {
  try {
    const media = await conn.fetchMedia(ref, signal);
    const mime = media.mime.split(';')[0]!.trim().toLowerCase();
    return await saveCustomerFile(deps, store, {
      spaceId: channel.space_id,
      contactKey: externalId,
      body: Readable.fromWeb(media.body as NodeReadableStream<Uint8Array>),
      mime: MIME.test(mime) ? mime : 'application/octet-stream',
      name: cleanName(media.name),
      check: (size) => {
        if (size === 0) throw new MediaFailure(false, 'The file is empty');
      },
    });
  } catch (err) {
    if (err instanceof TooLarge) throw new MediaFailure(false, `The file is larger than ${Math.round(err.limit / 1024 / 1024)} MB`);
    throw asMediaFailure(err);
  }
}

/** An attachment of an agent's reply, read whole for the provider's upload. */
export async function loadOutboundFile(deps: Deps, store: BlobStore, fileId: string): Promise<OutboundFile> {
  const file = files.byId(deps.db, fileId);
  if (!file) throw new MediaFailure(false, 'The attached file is missing');
  const chunks: Buffer[] = [];
  for await (const chunk of store.read(file.sha256)) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), name: file.name, mime: file.mime };
}

/** A signed, expiring link to a reply's file under PUBLIC_URL; null without PUBLIC_URL. */
export function outboundFileLink(deps: Deps, links: FileLinks, fileId: string): OutboundLink | null {
  if (!deps.config.publicUrl) return null;
  const file = files.byId(deps.db, fileId);
  if (!file) throw new MediaFailure(false, 'The attached file is missing');
  return { url: deps.config.publicUrl + links.sign(file.id), name: file.name, mime: file.mime };
}
