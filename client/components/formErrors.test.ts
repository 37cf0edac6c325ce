import { describe, expect, it } from 'vitest';
import { splitErrors } from './formErrors';

describe('splitErrors', () => {
  it('puts the messages of the form’s own fields under them and says nothing twice', () => {
    expect(splitErrors({ name: 'Give the token a name' }, ['name'], 'name: Give the token a name')).toEqual({ fields: { name: 'Give the token a name' }, message: null });
  });
  it('keeps the form-level message when the refused field is not on the form', () => {
    expect(splitErrors({ spaceId: 'Not a space' }, ['name'], 'spaceId: Not a space')).toEqual({ fields: {}, message: 'spaceId: Not a space' });
  });
  it('keeps the message when nothing was refused per field', () => {
    expect(splitErrors({}, ['email', 'password'], 'E-mail or password is wrong')).toEqual({ fields: {}, message: 'E-mail or password is wrong' });
  });
  it('shows only the known fields of a mixed refusal', () => {
    expect(splitErrors({ email: 'Enter an e-mail', role: 'Bad role' }, ['email'], 'x')).toEqual({ fields: { email: 'Enter an e-mail' }, message: null });
  });
});
