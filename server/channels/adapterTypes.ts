/**
 * The small interface every provider adapter implements (docs/ARCHITECTURE.md, Provider channels): verify a webhook, parse it
 * into normalized events, send an outbound message part, fetch inbound media. Adding a provider
 * is one folder implementing ChannelAdapter plus one line in registry.ts.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DeliveryStatus, OutboundMessage, OutboundPart, ProviderKind } from '../../shared/domain/providers';

export type { DeliveryStatus, OutboundMessage, OutboundPart };
import type { ProviderChannelRow } from '../db/providerChannels';

/** Inbound media, fetched later through the adapter (WhatsApp media id, Telegram file_id). */
export interface MediaRef {
  id: string;
  mime?: string | undefined;
  name?: string | undefined;
}

export type InboundEvent =
  | {
      type: 'message';
      /** The provider's message id, unique on the channel: the dedupe key (clientId). */
      key: string;
      /** The customer's address on the channel (wa_id, Telegram chat id). */
      externalId: string;
      name?: string | undefined;
      body: string;
      media: MediaRef[];
      /** When the customer sent it, as the provider dates it (ms since epoch). */
      sentAt?: number | undefined;
    }
  | { type: 'status'; externalMessageId: string; status: DeliveryStatus; error: string | null }
  | { type: 'ignored'; what: string };

export interface ParsedWebhook {
  events: InboundEvent[];
  /** A delivery id to apply once (Telegram update_id), beside the per-message keys. */
  deliveryKey?: string;
}

export interface OutboundFile {
  bytes: Buffer;
  name: string;
  mime: string;
}

/** A reply's file as a signed, expiring link to Kaon (for providers that fetch media by URL). */
export interface OutboundLink {
  url: string;
  name: string;
  mime: string;
}

/**
 * Why a send did not go through. Transient failures (5xx, 429, timeouts, network) are retried
 * with backoff; permanent ones mark the message failed with `reason`, which the agent reads.
 */
export class SendFailure extends Error {
  constructor(
    readonly transient: boolean,
    readonly reason: string,
    /** The provider's retry hint (429 Retry-After / retry_after), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(reason);
  }
}

/** Inbound media could not be downloaded; transient ones make the webhook answer 503 so the provider retries. */
export class MediaFailure extends Error {
  constructor(
    readonly transient: boolean,
    reason: string,
  ) {
    super(reason);
  }
}

/** What adapters need from the server: base URLs and the request timeout (config), fetch. */
export interface ProviderEnv {
  whatsappApiBase: string;
  telegramApiBase: string;
  providerTimeoutMs: number;
  /**
   * A signed link to a reply's file under PUBLIC_URL, or null when Kaon does not know its public
   * address (the adapter then uploads the file). Throws MediaFailure when the file is missing.
   */
  fileLink?: (fileId: string) => OutboundLink | null;
  /** Kaon's public address (PUBLIC_URL), for links a customer opens (e-mail rating links); null when unknown. */
  publicUrl?: string | null;
}

/** A channel's adapter bound to its settings and secrets. */
export interface ProviderConnection {
  /** WhatsApp's GET subscription handshake; absent when the provider has none. */
  handshake?(params: URLSearchParams): { status: number; body: string };
  /** Checks the signature / secret token against the raw body, in constant time. */
  verify(headers: IncomingHttpHeaders, raw: Buffer): boolean;
  /** Normalized events of a verified payload; null when it is not a valid payload (400). */
  parse(body: unknown): ParsedWebhook | null;
  /** Sends one part to `to`; resolves to the provider's message id or throws SendFailure. */
  sendPart(to: string, part: OutboundPart, loadFile: (fileId: string) => Promise<OutboundFile>, signal: AbortSignal): Promise<string>;
  /** Downloads inbound media; throws MediaFailure. */
  fetchMedia(ref: MediaRef, signal: AbortSignal): Promise<{ body: ReadableStream<Uint8Array>; mime: string; name: string }>;
  /**
   * Checks the credentials with the provider and registers Kaon's webhook where the provider
   * allows it (Telegram setWebhook). Returns what it did, in words, or throws SendFailure.
   */
  connect(webhookUrl: string, signal: AbortSignal): Promise<{ detail: string; config?: Record<string, unknown> }>;
}

export interface ChannelAdapter {
  kind: ProviderKind;
  /** The provider's name as agents read it ("WhatsApp"). */
  label: string;
  open(channel: ProviderChannelRow, env: ProviderEnv): ProviderConnection;
}
