import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFernetKey } from '../../source/auth/fernet.js';
import { findSecrets, knownTestSecrets } from './secret-patterns.js';

describe('the suite-wide secret scan', () => {
  it('finds access tokens, Fernet keys and the fake API secrets', () => {
    const key = generateFernetKey();
    const token = 'aB3dEfGhIjKlMnOpQrStUvWxYz012345';
    const out = `ok\nsession ${token} \nkey=${key}\nsecret paper_api_secret\n`;
    expect(findSecrets(out, ['paper_api_secret']).sort()).toEqual([key, token, 'paper_api_secret'].sort());
  });

  it('ignores what is not secret: hex nonces, 19-digit order ids, run ids', () => {
    const out = 'redirect_params=nonce%3Dd96be177d2be0d2b06143b7af1d79302 order #9488935609100000001 run 37zyngbf';
    expect(findSecrets(out, ['paper_api_secret'])).toEqual([]);
  });

  it('harvests the fake secrets the tests use', () => {
    const secrets = knownTestSecrets(join(import.meta.dirname, '..'));
    expect(secrets).toContain('paper_api_secret');
    expect(secrets.length).toBeGreaterThan(1);
  });
});
