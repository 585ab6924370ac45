import { z } from 'zod';
import { id } from './fields';

/** Contracts of `/api/session` (login, second factor, logout) and `GET /api/demo`. */

export const ROLES = ['clinician', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, { error: 'must be clinician or admin' });

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1, { error: 'username is required' }).max(100),
  password: z.string().min(1, { error: 'password is required' }).max(1000),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** `POST /api/session/mfa`: the authenticator app's 6-digit code or a recovery code. */
export const secondFactorSchema = z.strictObject({
  code: z.string().trim().min(1, 'enter the code').max(64),
});
export type SecondFactorInput = z.infer<typeof secondFactorSchema>;

export const sessionUserSchema = z
  .object({ id, username: z.string(), name: z.string(), role: z.enum(ROLES) })
  .meta({ id: 'SessionUser' });
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionSchema = z
  .object({
    user: sessionUserSchema,
    csrfToken: z.string(),
    mfaEnrolmentRequired: z.literal(true).optional().meta({
      description: 'an administrator who must set up two-factor authentication before anything else',
    }),
  })
  .meta({ id: 'Session', description: 'Send csrfToken as X-CSRF-Token on every state-changing call.' });
export type Session = z.infer<typeof sessionSchema>;

/** `POST /api/session` when the user has a second factor: a code is still owed. */
export const secondFactorRequiredSchema = z
  .object({ mfaRequired: z.literal(true) })
  .meta({ id: 'SecondFactorRequired', description: 'continue with POST /api/session/mfa' });
export type SecondFactorRequired = z.infer<typeof secondFactorRequiredSchema>;

export const loginResponseSchema = z.union([sessionSchema, secondFactorRequiredSchema]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** `GET /api/demo`: the demo accounts for the sign-in page, on a demo installation only. */
export const demoInfoSchema = z
  .union([
    z.object({ demo: z.literal(false) }),
    z.object({
      demo: z.literal(true),
      accounts: z.array(z.object({ username: z.string(), role: z.enum(ROLES) })),
      password: z.string(),
    }),
  ])
  .meta({ id: 'DemoInfo' });
export type DemoInfo = z.infer<typeof demoInfoSchema>;
