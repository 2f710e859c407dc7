import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { SignJWT, jwtVerify } from 'jose';
import { readSetting, writeSetting } from './database.ts';
import { defaultJwtAudience, defaultJwtIssuer, type JwtConfig } from '../config.ts';
import type { Principal, UserRole } from './model.ts';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

interface UserRow {
  readonly id: string;
  readonly organization_id: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly password_hash: string;
}

const refreshTokenLifetimeMs = 30 * 24 * 3600 * 1000;
const authorizationCodeLifetimeMs = 5 * 60 * 1000;

/** scrypt with a random salt: `scrypt$<salt>$<hash>`, both base64url. */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  const hash = scryptSync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('base64url');
const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * Sign-in (CONTRACT §2): HS256 access tokens, single-use refresh tokens and one-time
 * authorization codes. The signing key and refresh tokens live in the database, so
 * sessions survive a restart. Only hashes of refresh tokens and codes are stored. A key
 * given by the environment (shared with the ASP.NET Core hub) replaces the stored one.
 */
export class AuthService {
  readonly #db: DatabaseSync;
  readonly #key: Uint8Array;
  readonly #accessTokenTtlSeconds: number;
  readonly #issuer: string;
  readonly #audience: string;

  constructor(db: DatabaseSync, accessTokenTtlSeconds: number, jwt?: JwtConfig) {
    this.#db = db;
    this.#accessTokenTtlSeconds = accessTokenTtlSeconds;
    this.#issuer = jwt?.issuer ?? defaultJwtIssuer;
    this.#audience = jwt?.audience ?? defaultJwtAudience;
    let key = jwt?.signingKey ?? readSetting(db, 'jwt_signing_key');
    if (!key) {
      key = randomBytes(32).toString('base64url');
      writeSetting(db, 'jwt_signing_key', key);
    }
    this.#key = Buffer.from(key, 'base64url');
  }

  /** The user with these credentials, or null. */
  checkPassword(email: string, password: string): UserRow | null {
    const user = this.#db.prepare('SELECT * FROM users WHERE email = ?').get(email.trim()) as
      UserRow | undefined;
    // Hash anyway so that an unknown email takes as long as a wrong password.
    const stored = user?.password_hash ?? hashPassword('not-a-user', Buffer.alloc(16));
    const valid = verifyPassword(password, stored);
    return user && valid ? user : null;
  }

  async loginWithPassword(email: string, password: string): Promise<TokenPair | null> {
    const user = this.checkPassword(email, password);
    return user ? this.#issue(user) : null;
  }

  /** A one-time code for the emulated Google authorize page. */
  createAuthorizationCode(userId: string, redirectUri: string): string {
    const code = newSecret();
    this.#db
      .prepare(
        'INSERT INTO authorization_codes (code_hash, user_id, redirect_uri, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(sha256(code), userId, redirectUri, Date.now() + authorizationCodeLifetimeMs);
    return code;
  }

  /** Exchanges a code; it is spent whatever the outcome. */
  async loginWithCode(code: string, redirectUri: string): Promise<TokenPair | null> {
    const row = this.#db
      .prepare(
        'DELETE FROM authorization_codes WHERE code_hash = ? RETURNING user_id, redirect_uri, expires_at',
      )
      .get(sha256(code)) as
      { user_id: string; redirect_uri: string; expires_at: number } | undefined;
    if (!row || row.expires_at < Date.now() || row.redirect_uri !== redirectUri) return null;
    const user = this.#user(row.user_id);
    return user ? this.#issue(user) : null;
  }

  /** Exchanges a refresh token for a new pair; the token is spent. */
  async refresh(refreshToken: string): Promise<TokenPair | null> {
    // Found and spent in one statement: the token cannot be used twice.
    const row = this.#db
      .prepare('DELETE FROM refresh_tokens WHERE token_hash = ? RETURNING user_id, expires_at')
      .get(sha256(refreshToken)) as { user_id: string; expires_at: number } | undefined;
    if (!row || row.expires_at < Date.now()) return null;
    const user = this.#user(row.user_id);
    return user ? this.#issue(user) : null;
  }

  /**
   * The principal of a valid access token whose user still exists, or null.
   * clockSkewSeconds: how long past its expiry a token still counts (JwtBearer's ClockSkew).
   */
  async verifyAccessToken(
    token: string | undefined,
    clockSkewSeconds = 0,
  ): Promise<Principal | null> {
    if (!token) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        clockTolerance: clockSkewSeconds,
        issuer: this.#issuer,
        audience: this.#audience,
      });
      if (typeof payload.sub !== 'string') return null;
      const user = this.#user(payload.sub);
      if (!user || user.organization_id !== payload['org_id']) return null;
      return {
        userId: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        organizationId: user.organization_id,
      };
    } catch {
      return null;
    }
  }

  #user(id: string): UserRow | null {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ?? null;
  }

  async #issue(user: UserRow): Promise<TokenPair> {
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      email: user.email,
      name: user.name,
      role: user.role,
      org_id: user.organization_id,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.#issuer)
      .setAudience(this.#audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.#accessTokenTtlSeconds)
      .sign(this.#key);
    const refreshToken = newSecret();
    this.#db.prepare('DELETE FROM refresh_tokens WHERE expires_at < ?').run(Date.now());
    this.#db
      .prepare('INSERT INTO refresh_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)')
      .run(sha256(refreshToken), user.id, Date.now() + refreshTokenLifetimeMs);
    return { accessToken, refreshToken, expiresIn: this.#accessTokenTtlSeconds };
  }
}
