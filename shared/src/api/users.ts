import { z } from 'zod';
import { id, int, isoTime } from './fields';
import { ROLES, roleSchema, secondFactorSchema, sessionUserSchema, type SecondFactorInput } from './session';

/** Contracts of `/api/users` (administrators) and `/api/account` (one's own password and MFA). */

// --- requests -----------------------------------------------------------------------------------

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '2–64 characters: letters, digits, dot, dash or underscore');

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);

/**
 * `POST /api/users`. The server also applies its password policy (length, common passwords, not
 * containing the username) and names the password in the 422.
 */
export const newUserSchema = z.strictObject({
  username: usernameSchema,
  name: nameSchema,
  role: roleSchema,
  password: z.string().min(1, 'must not be empty').max(4096),
});
export type NewUserInput = z.input<typeof newUserSchema>;
export type NewUser = z.output<typeof newUserSchema>;

/** `PATCH /api/users/:id`: name, role (a privilege change) or active. */
export const userPatchSchema = z
  .strictObject({ name: nameSchema.optional(), role: roleSchema.optional(), active: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.role !== undefined || v.active !== undefined, {
    message: 'send at least one of name, role, active',
  });
export type UserPatch = z.output<typeof userPatchSchema>;

/** `POST /api/users/:id/password`: the new password (the server's password policy applies). */
export const passwordResetSchema = z.strictObject({ password: z.string().max(4096) });
export type PasswordResetInput = z.infer<typeof passwordResetSchema>;

/** `POST /api/account/password`. */
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1, 'enter your current password').max(4096),
  newPassword: z.string().max(4096),
});
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

/** `POST /api/account/mfa/enable` and `/recovery-codes`: a code from the authenticator app. */
export const codeSchema = secondFactorSchema;
export type CodeInput = SecondFactorInput;

/** `DELETE /api/account/mfa`: the user's password. */
export const passwordConfirmSchema = z.strictObject({
  password: z.string().min(1, 'enter your password').max(4096),
});
export type PasswordConfirmInput = z.infer<typeof passwordConfirmSchema>;

// --- responses ----------------------------------------------------------------------------------

export const userSummarySchema = z
  .object({
    id,
    username: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    mfaEnabled: z.boolean(),
    createdAt: isoTime,
    passwordChangedAt: isoTime,
    lastLoginAt: isoTime.nullable().meta({ description: 'the last completed login, or null' }),
  })
  .meta({ id: 'UserSummary' });
export type UserSummary = z.infer<typeof userSummarySchema>;

/** `GET /api/account`: the signed-in user's own security settings. */
export const accountInfoSchema = z
  .object({
    user: sessionUserSchema,
    mfaEnabled: z.boolean(),
    mfaRequired: z.boolean().meta({
      description: 'the clinic requires a second factor (administrators with RLS_REQUIRE_ADMIN_MFA=1)',
    }),
    recoveryCodesLeft: int,
    passwordChangedAt: isoTime,
  })
  .meta({ id: 'AccountInfo' });
export type AccountInfo = z.infer<typeof accountInfoSchema>;

/** `POST /api/account/mfa/setup`: the secret to scan (not active until a code confirms it). */
export const enrolmentSchema = z
  .object({
    secret: z.string().meta({ description: 'Base32, for typing into an app that cannot scan' }),
    otpauthUri: z.string(),
    qrDataUrl: z
      .string()
      .meta({ description: 'PNG data URL of the otpauth URI (the CSP allows img-src data:)' }),
  })
  .meta({ id: 'MfaEnrolment' });
export type Enrolment = z.infer<typeof enrolmentSchema>;

/** Recovery codes, shown once (stored only as hashes). */
export const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()) })
  .meta({ id: 'RecoveryCodes', description: 'shown once; each works once' });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
