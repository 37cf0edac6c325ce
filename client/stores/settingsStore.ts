import { createResource } from 'solid-js';
import type { ClosingPolicy } from '../../shared/domain/closingNote';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

type BusinessHours = Parameters<typeof trpc.workflows.setBusinessHours.mutate>[0]['hours'];

/** The space's time zone and opening hours, refetched when the space changes. */
export function createBusinessHoursResource() {
  const space = useSpace();
  return createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('space.changed') }),
    ({ spaceId }) => trpc.workflows.businessHours.query({ spaceId }),
  );
}

export const saveBusinessHours = (spaceId: string, hours: BusinessHours) => trpc.workflows.setBusinessHours.mutate({ spaceId, hours });

/** The closing-note policy and its categories, refetched when the space changes. */
export function createClosingSettingsResource() {
  const space = useSpace();
  return createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('space.changed') }),
    ({ spaceId }) => trpc.settings.closing.query({ spaceId }),
  );
}

/** `autoCloseHours`: close conversations after that many hours without a customer message; null = off. */
export const saveClosingSettings = (spaceId: string, policy: ClosingPolicy, categories: string[], autoCloseHours?: number | null) =>
  trpc.settings.setClosing.mutate({ spaceId, policy, categories, ...(autoCloseHours !== undefined ? { autoCloseHours } : {}) });

/** The space's channels (website chats with their customer links), refetched when channels change. */
export function createChannelsResource() {
  const space = useSpace();
  return createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('channels.changed') }),
    ({ spaceId }) => trpc.channels.list.query({ spaceId }),
  );
}

export const createWebchatChannel = (spaceId: string, name: string) => trpc.channels.createWebchat.mutate({ spaceId, name });

export const renameSpace = (spaceId: string, name: string) => trpc.spaces.rename.mutate({ spaceId, name });

export const createSpace = (name: string) => trpc.spaces.create.mutate({ name });

/** Whether a website chat asks its customers for a 1–5 rating after a close. */
export const setAskRating = (spaceId: string, channelId: string, askRating: boolean) => trpc.channels.setAskRating.mutate({ spaceId, channelId, askRating });
