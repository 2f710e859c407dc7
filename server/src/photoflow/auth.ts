import {
  createHash,
  randomBytes,
  randomUUID,
  scrypt,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { DatabaseSync } from 'node:sqlite';
import { SignJWT, jwtVerify } from 'jose';
import { readSetting, writeSetting } from './database.ts';
import {
  defaultJwtAudience,
  defaultJwtIssuer,
  defaultRefreshReuseGraceSeconds,
  type JwtConfig,
} from '../config.ts';
import type { Principal, UserRole } from './model.ts';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

export interface UserRow {
  readonly id: string;
  readonly organization_id: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly password_hash: string;
}

const refreshTokenLifetimeMs = 30 * 24 * 3600 * 1000;
/** Google's codes live minutes; ours one, as a code is exchanged the moment it arrives. */
const authorizationCodeLifetimeMs = 60 * 1000;

// Off the event loop (libuv's thread pool): hashing never stalls other requests.
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
) => Promise<Buffer>;

/**
 * scrypt with a random salt: `scrypt$<salt>$<hash>`, both base64url. Synchronous: only
 * the seed's one hash is made, once per process, before any request is served.
 */
export function hashPasswordSync(password: string, salt = randomBytes(16)): string {
  const hash = scryptSync(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * A stored hash no password matches, verified for unknown emails so that they cost one
 * scrypt, exactly as a wrong password does (computing a hash and then verifying, as
 * before, cost two: unknown emails could be told apart by time).
 */
const unknownUserHash = `scrypt$${Buffer.alloc(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;

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
  readonly #reuseGraceMs: number;

  constructor(
    db: DatabaseSync,
    accessTokenTtlSeconds: number,
    jwt?: JwtConfig,
    reuseGraceSeconds = defaultRefreshReuseGraceSeconds,
  ) {
    this.#db = db;
    this.#reuseGraceMs = reuseGraceSeconds * 1000;
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
  async checkPassword(email: string, password: string): Promise<UserRow | null> {
    const user = this.#db.prepare('SELECT * FROM users WHERE email = ?').get(email.trim()) as
      UserRow | undefined;
    const valid = await verifyPassword(password, user?.password_hash ?? unknownUserHash);
    return user && valid ? user : null;
  }

  async loginWithPassword(email: string, password: string): Promise<TokenPair | null> {
    const user = await this.checkPassword(email, password);
    return user ? this.issueFor(user) : null;
  }

  /** A new session (a new refresh token family) for a user who just signed in. */
  issueFor(user: UserRow): Promise<TokenPair> {
    return this.#issue(user, randomUUID());
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
    return user ? this.#issue(user, randomUUID()) : null;
  }

  /**
   * Exchanges a refresh token for a new pair of the same family; the token is spent.
   * A spent token presented again means it leaked: its whole family, the token it was
   * rotated into included, is revoked (OAuth 2.0 Security BCP §4.14.2). Except within
   * a few seconds of its rotation (reuseGraceSeconds), when it is refused alone: a
   * browser's tabs race there (Chrome may grant the next tab the refresh lock before
   * the new session shows in its localStorage), as Auth0's and Okta's reuse intervals
   * allow. A spent token is kept, as a tombstone, until the family ends.
   */
  async refresh(refreshToken: string): Promise<TokenPair | null> {
    const hash = sha256(refreshToken);
    const now = Date.now();
    // Found and spent in one statement: two requests cannot both spend it.
    const spent = this.#db
      .prepare(
        'UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL RETURNING user_id, family_id, expires_at',
      )
      .get(now, hash) as { user_id: string; family_id: string; expires_at: number } | undefined;
    if (!spent) {
      const reused = this.#db
        .prepare('SELECT family_id, spent_at FROM refresh_tokens WHERE token_hash = ?')
        .get(hash) as { family_id: string; spent_at: number } | undefined;
      if (!reused) return null;
      // Without a grace, any reuse revokes, even if the wall clock stepped back meanwhile.
      const withinGrace = this.#reuseGraceMs > 0 && now - reused.spent_at < this.#reuseGraceMs;
      if (!withinGrace) this.#revokeFamily(reused.family_id);
      return null;
    }
    if (spent.expires_at < now) return null;
    const user = this.#user(spent.user_id);
    return user ? this.#issue(user, spent.family_id) : null;
  }

  /** Sign-out: the token's whole family ends (unknown or spent tokens too: nothing to tell). */
  revoke(refreshToken: string): void {
    const row = this.#db
      .prepare('SELECT family_id FROM refresh_tokens WHERE token_hash = ?')
      .get(sha256(refreshToken)) as { family_id: string } | undefined;
    if (row) this.#revokeFamily(row.family_id);
  }

  #revokeFamily(familyId: string): void {
    this.#db.prepare('DELETE FROM refresh_tokens WHERE family_id = ?').run(familyId);
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
        // A token without expiry would be good forever.
        requiredClaims: ['exp'],
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

  /**
   * The refresh token is stored before anything is awaited: a refresh spends its token and
   * stores the next in one turn of the event loop, so a reuse racing it (which revokes the
   * family) can never run in between and miss the token it was rotated into.
   */
  async #issue(user: UserRow, familyId: string): Promise<TokenPair> {
    const refreshToken = newSecret();
    this.#db.prepare('DELETE FROM refresh_tokens WHERE expires_at < ?').run(Date.now());
    this.#db
      .prepare(
        'INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at) VALUES (?, ?, ?, ?)',
      )
      .run(sha256(refreshToken), user.id, familyId, Date.now() + refreshTokenLifetimeMs);
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
    return { accessToken, refreshToken, expiresIn: this.#accessTokenTtlSeconds };
  }
}
