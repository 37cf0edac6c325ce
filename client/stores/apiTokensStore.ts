import { createResource } from 'solid-js';
import { trpc } from '../api/trpc';
import { useSpace } from './space';

/** The space's API tokens (never their secrets), refetched when they change. */
export function createApiTokensResource() {
  const space = useSpace();
  return createResource(
    () => ({ spaceId: space.spaceId(), v: space.version('apiTokens.changed') }),
    ({ spaceId }) => trpc.apiTokens.list.query({ spaceId }),
  );
}

/** Resolves to the new token, whose secret is shown once. */
export const createApiToken = (spaceId: string, name: string) => trpc.apiTokens.create.mutate({ spaceId, name });

export const revokeApiToken = (spaceId: string, tokenId: string) => trpc.apiTokens.revoke.mutate({ spaceId, tokenId });
