import { z } from 'zod';
import { LIMITS } from '../domain/limits';
import { ROLES } from '../domain/permissions';

/** Server-made ids: URL-safe base64, no dots (doc names use dots as separators). */
export const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'Not a valid id');
export const role = z.enum(ROLES);
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(LIMITS.emailMax, 'That e-mail address is too long')
  .pipe(z.email('Enter a valid e-mail address'));
export const personName = z.string().trim().min(1, 'Enter a name').max(LIMITS.nameMax, `Names are at most ${LIMITS.nameMax} characters`);
export const password = z
  .string()
  .min(LIMITS.passwordMin, `Passwords need at least ${LIMITS.passwordMin} characters`)
  .max(LIMITS.passwordMax, `Passwords are at most ${LIMITS.passwordMax} characters`);
export const spaceName = z
  .string()
  .trim()
  .min(1, 'Enter a space name')
  .max(LIMITS.spaceNameMax, `Space names are at most ${LIMITS.spaceNameMax} characters`);
export const secretToken = z.string().min(16).max(128);

export const spaceInput = z.object({ spaceId: id });
