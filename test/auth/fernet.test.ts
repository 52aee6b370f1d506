import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../source/core/errors.js';
import { fernetDecrypt, fernetEncrypt, generateFernetKey, InvalidFernetToken, parseFernetKey } from '../../source/auth/fernet.js';

const vectorsDir = path.resolve(import.meta.dirname, '../../../shared/fernet-vectors');
const haveVectors = existsSync(vectorsDir);
if (!haveVectors) console.warn(`SKIPPED Fernet spec vectors: ${vectorsDir} not found`);

interface Vector {
  token: string;
  now: string;
  src?: string;
  secret: string;
  iv?: number[];
  ttl_sec?: number;
  desc?: string;
}
const load = (name: string): Vector[] => JSON.parse(readFileSync(path.join(vectorsDir, name), 'utf8')) as Vector[];

describe.skipIf(!haveVectors)('Fernet spec vectors (../shared/fernet-vectors)', () => {
  it('generate: produces the exact token for the given time and IV', () => {
    const vectors = load('generate.json');
    expect(vectors.length).toBeGreaterThan(0);
    for (const v of vectors) {
      const token = fernetEncrypt(v.secret, v.src!, { now: Date.parse(v.now), iv: Buffer.from(v.iv!) });
      expect(token).toBe(v.token);
    }
  });

  it('verify: decrypts to the source text', () => {
    for (const v of load('verify.json')) {
      expect(fernetDecrypt(v.secret, v.token, { ttlSeconds: v.ttl_sec, now: Date.parse(v.now) })).toBe(v.src);
    }
  });

  it('invalid: every malformed, tampered, skewed or expired token is rejected', () => {
    const vectors = load('invalid.json');
    expect(vectors.length).toBeGreaterThanOrEqual(8);
    for (const v of vectors) {
      expect(() => fernetDecrypt(v.secret, v.token, { ttlSeconds: v.ttl_sec, now: Date.parse(v.now) }), v.desc).toThrow(InvalidFernetToken);
    }
  });
});

describe('Fernet keys and round trips', () => {
  it('generated keys parse, are 32 bytes of padded urlsafe base64, and differ each time', () => {
    const a = generateFernetKey();
    const b = generateFernetKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(a).not.toBe(b);
    const k = parseFernetKey(a);
    expect(k.signingKey.length + k.encryptionKey.length).toBe(32);
  });

  it('round-trips an access token and is padded like Python (length multiple of 4)', () => {
    const key = generateFernetKey();
    for (const text of ['', 'a', 'ab', 'abc', 'x'.repeat(32), 'ünïcode']) {
      const token = fernetEncrypt(key, text);
      expect(token.length % 4).toBe(0);
      expect(token.startsWith('gAAAAA')).toBe(true);
      expect(fernetDecrypt(key, token)).toBe(text);
    }
  });

  it('a token made with another key does not decrypt', () => {
    const token = fernetEncrypt(generateFernetKey(), 'secret');
    expect(() => fernetDecrypt(generateFernetKey(), token)).toThrow(InvalidFernetToken);
  });

  it.each(['', 'short', 'x'.repeat(44), 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e', '+/+/'.repeat(11)])(
    'malformed key %j is a config AppError that does not echo the key',
    (bad) => {
      try {
        parseFernetKey(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).kind).toBe('config');
        if (bad.length > 4) expect((e as AppError).message).not.toContain(bad);
      }
    },
  );
});

describe('tokens written by a clock ahead of this one (fake or scaled time)', () => {
  it('decrypt without a TTL, as Python cryptography does; with a TTL the skew rule applies', async () => {
    const { fernetDecrypt: decrypt, fernetEncrypt: encrypt, generateFernetKey: keygen } = await import('../../source/auth/fernet.js');
    const key = keygen();
    const future = Date.now() + 3 * 24 * 3600_000;
    const token = encrypt(key, 'access-token-value', { now: future });
    expect(decrypt(key, token)).toBe('access-token-value');
    expect(() => decrypt(key, token, { ttlSeconds: 60 })).toThrow(/future/);
  });
});
