// The `auth` and `server.tls` sections of spillway.config.json (wired into lib/config.ts).
import { z } from 'zod';

export const oidcSchema = z.strictObject({
  /** The provider's issuer URL; its /.well-known/openid-configuration is read at start. */
  issuer: z.url({ protocol: /^https?$/, error: 'expected the issuer URL, e.g. "https://login.example.com"' }),
  clientId: z.string().min(1),
  /** Write "${OIDC_CLIENT_SECRET}" and keep the value in the environment. */
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email']),
  /** The callback URL registered at the provider; default `<this origin>/api/auth/oidc/callback`. */
  redirectUri: z.url({ protocol: /^https?$/ }).optional(),
  /** Role given to users signing in through OIDC the first time; admins change it with `spillway users`. */
  defaultRole: z.enum(['viewer', 'operator', 'admin']).default('viewer'),
});

export const authSchema = z
  .strictObject({
    /** A session ends after this many minutes without a request. */
    sessionIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** A session ends this many hours after sign-in, active or not. */
    sessionMaxHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    /** Failed sign-ins allowed per user name and per client address within the window, then 429. */
    loginMaxFailures: z.number().int().min(1).max(1000).default(5),
    loginWindowSeconds: z.number().int().min(1).max(3600).default(60),
    oidc: oidcSchema.optional(),
  })
  .prefault({});

export const serverTlsSchema = z.strictObject({
  /** PEM certificate chain file. */
  cert: z.string().min(1),
  /** PEM private key file. */
  key: z.string().min(1),
});

export type AuthConfig = z.output<typeof authSchema>;
export type OidcConfig = z.output<typeof oidcSchema>;
