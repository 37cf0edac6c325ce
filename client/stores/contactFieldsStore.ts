import { trpc } from '../api/trpc';
import { createCachedSpaceList } from './cachedSpaceList';
import { createMutation, type PerField } from './mutation';
import { useSpace } from './space';

/** The space's custom contact fields in order, refetched when an owner or manager changes them. */
export function createContactFieldsResource() {
  const [list, { refetch }] = createCachedSpaceList('contactFields', 'contactFields.changed', (spaceId) => trpc.contactFields.list.query({ spaceId }));
  return [list, refetch] as const;
}

/**
 * Managing the custom fields (owners and managers): add, rename, reorder, delete. Each change
 * refetches the list once it worked; a refused key or label is explained under its field.
 */
export function createContactFieldsEditing() {
  const space = useSpace();
  const [fields, refetch] = createContactFieldsResource();
  const mutation = createMutation();
  const change = async (fn: () => Promise<unknown>, done: string, perField?: PerField) =>
    mutation.run(
      async () => {
        await fn();
        await refetch();
      },
      done,
      perField,
    );
  return {
    fields,
    mutation,
    add: (key: string, label: string) => change(() => trpc.contactFields.save.mutate({ spaceId: space.spaceId(), key, label }), `Added ${label.trim()}.`, 'instead'),
    rename: (key: string, label: string) => change(() => trpc.contactFields.save.mutate({ spaceId: space.spaceId(), key, label }), `Renamed to ${label.trim()}.`),
    reorder: (keys: string[]) => change(() => trpc.contactFields.reorder.mutate({ spaceId: space.spaceId(), keys }), 'Order saved.'),
    remove: (key: string, label: string) => change(() => trpc.contactFields.delete.mutate({ spaceId: space.spaceId(), key }), `Deleted ${label}.`),
  };
}
