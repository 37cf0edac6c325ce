/** Limits shared by the forms (to say so before sending) and the server (to enforce them). */
export const LIMITS = {
  nameMax: 80,
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 200,
  spaceNameMax: 80,
  tokenNameMax: 80,
} as const;
