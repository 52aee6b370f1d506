import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedAccountLock } from '../../source/store/embedded-lock.js';
import { EmbeddedLotStore } from '../../source/store/embedded-lots.js';
import { EmbeddedJournal } from '../../source/store/embedded-journal.js';
import { EmbeddedTokenStore } from '../../source/store/embedded-tokens.js';
import { storeContract } from '../support/store-contract.js';

storeContract('embedded', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'kr-store-'));
  let offset = 0;
  return {
    tokens: new EmbeddedTokenStore(home),
    journal: new EmbeddedJournal(home),
    lots: new EmbeddedLotStore(home),
    lock: new EmbeddedAccountLock(home, () => Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    close: async () => rmSync(home, { recursive: true, force: true }),
  };
});
