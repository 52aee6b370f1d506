/**
 * Fernet (https://github.com/fernet/spec), byte-compatible with Python's `cryptography.fernet.Fernet`:
 * token = 0x80 ‖ timestamp (u64 BE, seconds) ‖ IV (16) ‖ AES-128-CBC(PKCS7) ciphertext ‖ HMAC-SHA256 (32).
 * The key is urlsafe base64 of 32 bytes: the first half signs, the second half encrypts.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.js';

export interface FernetKey {
  readonly signingKey: Buffer;
  readonly encryptionKey: Buffer;
}

const VERSION = 0x80;
const MAX_CLOCK_SKEW_SECONDS = 60;
const HEADER_LENGTH = 1 + 8 + 16;
const HMAC_LENGTH = 32;

/** Thrown for any token that does not decrypt: the message never contains the token or key. */
export class InvalidFernetToken extends Error {
  constructor(reason: string) {
    super(`invalid Fernet token: ${reason}`);
    this.name = 'InvalidFernetToken';
  }
}

const URLSAFE_B64 = /^[A-Za-z0-9_-]*={0,2}$/;

function decodeUrlsafeBase64(text: string): Buffer | null {
  if (!URLSAFE_B64.test(text)) return null;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  if (text.length !== body.length && text.length % 4 !== 0) return null;
  return Buffer.from(body, 'base64url');
}

export function generateFernetKey(): string {
  return randomBytes(32).toString('base64url') + '=';
}

export function parseFernetKey(key: string | FernetKey): FernetKey {
  if (typeof key !== 'string') return key;
  const bytes = decodeUrlsafeBase64(key.trim());
  if (!bytes || bytes.length !== 32) {
    throw new AppError('config', 'ENCRYPTION_KEY is not a valid Fernet key (it must be urlsafe base64 of 32 bytes)', {
      hint: 'generate one with `kite-rebalance keygen` and put it in .env as ENCRYPTION_KEY',
    });
  }
  return { signingKey: bytes.subarray(0, 16), encryptionKey: bytes.subarray(16, 32) };
}

const hmac = (key: FernetKey, data: Buffer) => createHmac('sha256', key.signingKey).update(data).digest();

export function fernetEncrypt(key: string | FernetKey, plaintext: string, opts: { now?: number; iv?: Buffer } = {}): string {
  const k = parseFernetKey(key);
  const iv = opts.iv ?? randomBytes(16);
  if (iv.length !== 16) throw new RangeError('Fernet IV must be 16 bytes');
  const seconds = Math.floor((opts.now ?? Date.now()) / 1000);
  const header = Buffer.alloc(9);
  header[0] = VERSION;
  header.writeBigUInt64BE(BigInt(seconds), 1);
  const cipher = createCipheriv('aes-128-cbc', k.encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(plaintext, 'utf8')), cipher.final()]);
  const signed = Buffer.concat([header, iv, ciphertext]);
  const bytes = Buffer.concat([signed, hmac(k, signed)]);
  return bytes.toString('base64url') + padding(bytes.length);
}

/** Python emits padded urlsafe base64; `base64url` in Node does not pad. */
function padding(byteLength: number): string {
  const rest = byteLength % 3;
  return rest === 0 ? '' : rest === 1 ? '==' : '=';
}

/** The token's creation time in epoch ms (unverified: use after fernetDecrypt succeeded). */
export function fernetTimestamp(token: string): number | null {
  const data = decodeUrlsafeBase64(token);
  if (!data || data.length < 9 || data[0] !== VERSION) return null;
  return Number(data.readBigUInt64BE(1)) * 1000;
}

export function fernetDecrypt(key: string | FernetKey, token: string, opts: { ttlSeconds?: number; now?: number } = {}): string {
  const k = parseFernetKey(key);
  const data = decodeUrlsafeBase64(token);
  if (!data) throw new InvalidFernetToken('not urlsafe base64');
  if (data.length < 9 || data[0] !== VERSION) throw new InvalidFernetToken('bad version or too short');
  const timestamp = Number(data.readBigUInt64BE(1));
  const currentTime = Math.floor((opts.now ?? Date.now()) / 1000);
  // Like Python's cryptography: the timestamp is only checked when a TTL is asked for (the app's stored tokens
  // have none; their expiry is Kite's 06:00 IST rule, and a fake or scaled clock may have written them).
  if (opts.ttlSeconds !== undefined) {
    if (timestamp + opts.ttlSeconds < currentTime) throw new InvalidFernetToken('expired');
    if (currentTime + MAX_CLOCK_SKEW_SECONDS < timestamp) throw new InvalidFernetToken('timestamp too far in the future');
  }
  if (data.length < HEADER_LENGTH + HMAC_LENGTH) throw new InvalidFernetToken('too short');
  const signed = data.subarray(0, data.length - HMAC_LENGTH);
  const mac = data.subarray(data.length - HMAC_LENGTH);
  if (!timingSafeEqual(mac, hmac(k, signed))) throw new InvalidFernetToken('signature mismatch');
  const iv = data.subarray(9, HEADER_LENGTH);
  const ciphertext = data.subarray(HEADER_LENGTH, data.length - HMAC_LENGTH);
  try {
    const decipher = createDecipheriv('aes-128-cbc', k.encryptionKey, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new InvalidFernetToken('bad ciphertext or padding');
  }
}
