import { createSignal, For, Show } from 'solid-js';
import { ROLES, canInviteAs, type Role } from '../../../shared/domain/permissions';
import { errorText } from '../../stores/errors';
import { createMembersSettingsResource, removeMember, setMemberRole } from '../../stores/membersStore';
import { FormError } from '../../components/Field';
import { useSession } from '../../stores/session';
import { useSpace } from '../../stores/space';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { InviteForm } from './InviteForm';

/** Settings → Members: everyone sees who is in the space; owners and managers manage them. */
export function MembersSettings() {
  const space = useSpace();
  const session = useSession();
  const [members, { refetch }] = createMembersSettingsResource();
  const [error, setError] = createSignal<string | null>(null);
  const [removing, setRemoving] = createSignal<{ userId: string; name: string } | null>(null);
  const manage = () => space.can('members.changeRole');

  const handleRole = async (userId: string, role: Role, select: HTMLSelectElement) => {
    setError(null);
    try {
      await setMemberRole(space.spaceId(), userId, role);
    } catch (err) {
      setError(errorText(err));
    }
    const current = (await refetch())?.find((m) => m.userId === userId);
    if (current) select.value = current.role;
  };

  const handleRemove = async () => {
    const target = removing();
    setRemoving(null);
    if (!target) return;
    setError(null);
    try {
      await removeMember(space.spaceId(), target.userId);
    } catch (err) {
      setError(errorText(err));
    }
    await refetch();
  };

  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <Show when={!manage()}>
        <p class="muted">Only owners and managers can invite, change roles or remove members.</p>
      </Show>
      <FormError message={error()} />
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <Show when={manage()}>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </Show>
          </tr>
        </thead>
        <tbody>
          <For each={members()}>
            {(m) => (
              <tr>
                <td>
                  {m.name}
                  <Show when={m.userId === session.me()?.user.id}>
                    <span class="muted"> (you)</span>
                  </Show>
                </td>
                <td>{m.email}</td>
                <td>
                  <Show when={manage()} fallback={<span class="role">{m.role}</span>}>
                    <select
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      onChange={(e) => void handleRole(m.userId, e.currentTarget.value as Role, e.currentTarget)}
                    >
                      <For each={ROLES}>
                        {(r) => (
                          <option value={r} disabled={!canInviteAs(space.role()!, r) && r !== m.role}>
                            {r}
                          </option>
                        )}
                      </For>
                    </select>
                  </Show>
                </td>
                <Show when={manage()}>
                  <td>
                    <button type="button" class="danger" aria-label={`Remove ${m.name}`} onClick={() => setRemoving({ userId: m.userId, name: m.name })}>
                      Remove
                    </button>
                  </td>
                </Show>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={space.can('members.invite')}>
        <InviteForm />
      </Show>
      <ConfirmDialog
        open={removing() !== null}
        title={`Remove ${removing()?.name ?? ''}?`}
        message="They lose access to this space at once. Their API tokens for this space stop working."
        confirmLabel="Remove member"
        onConfirm={() => void handleRemove()}
        onCancel={() => setRemoving(null)}
      />
    </section>
  );
}
