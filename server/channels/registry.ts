import { isProviderKind, type ProviderKind } from '../../shared/domain/providers';
import { emailAdapter } from './email/adapter';
import { telegramAdapter } from './telegram/adapter';
import type { ChannelAdapter } from './adapterTypes';
import { whatsappAdapter } from './whatsapp/adapter';

/** Every provider adapter, by channel kind: a new provider adds one line here. */
export const ADAPTERS: Record<ProviderKind, ChannelAdapter> = {
  whatsapp: whatsappAdapter,
  telegram: telegramAdapter,
  email: emailAdapter,
};

export function adapterFor(kind: string): ChannelAdapter | undefined {
  return isProviderKind(kind) ? ADAPTERS[kind] : undefined;
}
