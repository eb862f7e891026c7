/**
 * OIDC sign-in: authorization code flow with PKCE (S256), provider metadata from the issuer's discovery
 * document, ID token checked with the provider's JWKS (RS256/ES256/PS256 via node:crypto), issuer, audience,
 * expiry and nonce. A first-time user is created with `auth.oidc.defaultRole` and no password.
 */
import { createHash, createPublicKey, type JsonWebKey, randomBytes, verify } from 'node:crypto';
import type { OidcConfig } from './config';

export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

export class OidcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcError';
  }
}

const b64url = (b: Buffer) => b.toString('base64url');
const FLOW_TTL_MS = 10 * 60_000;

interface PendingFlow {
  verifier: string;
  nonce: string;
  next: string;
  redirectUri: string;
  at: number;
}

type Fetch = typeof fetch;

export class OidcClient {
  private metadata: Promise<ProviderMetadata> | undefined;
  private jwks: { at: number; keys: (JsonWebKey & { kid?: string; alg?: string })[] } | undefined;
  private readonly pending = new Map<string, PendingFlow>();

  constructor(
    readonly config: OidcConfig,
    private readonly fetchImpl: Fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  private async json<T>(url: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new OidcError(`the identity provider is not reachable (${(err as Error).message})`);
    }
    if (!res.ok)
      throw new OidcError(`the identity provider answered ${res.status} for ${new URL(url).pathname}`);
    return (await res.json()) as T;
  }

  discover(): Promise<ProviderMetadata> {
    this.metadata ??= (async () => {
      const base = this.config.issuer.replace(/\/$/, '');
      const m = await this.json<ProviderMetadata>(`${base}/.well-known/openid-configuration`);
      if (m.issuer?.replace(/\/$/, '') !== base)
        throw new OidcError(`the discovery document names issuer ${m.issuer}, not ${this.config.issuer}`);
      for (const k of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
        if (typeof m[k] !== 'string') throw new OidcError(`the discovery document has no ${k}`);
      return m;
    })().catch((err) => {
      this.metadata = undefined;
      throw err;
    });
    return this.metadata;
  }

  /** The provider URL to send the browser to; remembers state, nonce and the PKCE verifier. */
  async start(redirectUri: string, next: string): Promise<string> {
    const m = await this.discover();
    const at = this.now();
    for (const [k, f] of this.pending) if (at - f.at > FLOW_TTL_MS) this.pending.delete(k);
    if (this.pending.size > 10_000) throw new OidcError('too many sign-ins in progress');
    const state = b64url(randomBytes(32));
    const flow: PendingFlow = {
      verifier: b64url(randomBytes(32)),
      nonce: b64url(randomBytes(16)),
      next,
      redirectUri,
      at,
    };
    this.pending.set(state, flow);
    const url = new URL(m.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: redirectUri,
      scope: this.config.scopes.join(' '),
      state,
      nonce: flow.nonce,
      code_challenge: b64url(createHash('sha256').update(flow.verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /** Exchanges the code, checks the ID token; returns the user name and where to go next. */
  async finish(state: string, code: string): Promise<{ name: string; next: string }> {
    const flow = this.pending.get(state);
    this.pending.delete(state);
    if (!flow || this.now() - flow.at > FLOW_TTL_MS)
      throw new OidcError('unknown or expired sign-in attempt; start again');
    const m = await this.discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: flow.redirectUri,
      code_verifier: flow.verifier,
      client_id: this.config.clientId,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (this.config.clientSecret) {
      const id = encodeURIComponent(this.config.clientId);
      const secret = encodeURIComponent(this.config.clientSecret);
      headers.authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    }
    const tokens = await this.json<{ id_token?: string }>(m.token_endpoint, {
      method: 'POST',
      headers,
      body: form,
    });
    if (!tokens.id_token) throw new OidcError('the token answer has no id_token');
    const claims = await this.verifyIdToken(tokens.id_token, flow.nonce, m);
    const name = [claims.preferred_username, claims.email, claims.sub].find(
      (v): v is string => typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/.test(v),
    );
    if (!name) throw new OidcError('the ID token has no usable user name (preferred_username, email or sub)');
    return { name, next: flow.next };
  }

  private async keys(m: ProviderMetadata, refresh: boolean) {
    if (!this.jwks || refresh || this.now() - this.jwks.at > 3_600_000) {
      const set = await this.json<{ keys?: (JsonWebKey & { kid?: string })[] }>(m.jwks_uri);
      this.jwks = { at: this.now(), keys: set.keys ?? [] };
    }
    return this.jwks.keys;
  }

  async verifyIdToken(token: string, nonce: string, m: ProviderMetadata): Promise<Record<string, unknown>> {
    const parts = token.split('.');
    if (parts.length !== 3) throw new OidcError('the ID token is not a JWT');
    const [h, p, s] = parts as [string, string, string];
    let header: { alg?: string; kid?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      throw new OidcError('the ID token is malformed');
    }
    const algs: Record<string, { hash: string; pss?: boolean; ec?: boolean }> = {
      RS256: { hash: 'sha256' },
      PS256: { hash: 'sha256', pss: true },
      ES256: { hash: 'sha256', ec: true },
    };
    const alg = header.alg ? algs[header.alg] : undefined;
    if (!alg) throw new OidcError(`unsupported ID token algorithm ${header.alg}`);
    let jwk = (await this.keys(m, false)).find((k) => k.kid === header.kid);
    if (!jwk) jwk = (await this.keys(m, true)).find((k) => k.kid === header.kid || (!header.kid && k.kty));
    if (!jwk) throw new OidcError('the ID token is signed with an unknown key');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const ok = verify(
      alg.hash,
      Buffer.from(`${h}.${p}`),
      alg.ec
        ? { key, dsaEncoding: 'ieee-p1363' }
        : alg.pss
          ? { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 }
          : key,
      Buffer.from(s, 'base64url'),
    );
    if (!ok) throw new OidcError('the ID token signature is invalid');
    const now = this.now() / 1000;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== m.issuer) throw new OidcError('the ID token comes from another issuer');
    if (!aud.includes(this.config.clientId)) throw new OidcError('the ID token is for another client');
    if (typeof claims.exp !== 'number' || claims.exp < now - 60)
      throw new OidcError('the ID token has expired');
    if (claims.nonce !== nonce) throw new OidcError('the ID token nonce does not match');
    return claims;
  }
}
