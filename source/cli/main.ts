import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode } from '../core/exit-codes.js';
import { parseCli } from './args.js';
import { helpText } from './help.js';
import type { CliIo } from '../app/io.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Parse, dispatch, return the exit code. Heavy modules load lazily so `--help` stays instant. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCli(argv, () => io.env);
  switch (command.name) {
    case 'help':
      io.out(helpText());
      return ExitCode.ok;
    case 'version':
      io.out(version());
      return ExitCode.ok;
    case 'keygen': {
      const { runKeygen } = await import('../app/keygen.js');
      return runKeygen(io);
    }
    case 'sim': {
      const { runSim } = await import('../app/sim-command.js');
      return runSim(command, io);
    }
    case 'rebalance': {
      // The basket is read before the heavy modules (and the TUI) load: a bad one is refused at once.
      const { loadBasketFile } = await import('../app/basket-file.js');
      const basket = await loadBasketFile(resolve(io.cwd, command.flags.basketFile));
      const { startRebalance } = await import('../app/rebalance-start.js');
      return startRebalance(command.flags, io, basket);
    }
    case 'resume': {
      const { runResume } = await import('../app/resume.js');
      return runResume(command, io);
    }
    case 'lots-import': {
      const { runLotsImport } = await import('../app/lots-import.js');
      return runLotsImport(command, io);
    }
    case 'doctor': {
      const { runDoctor } = await import('../app/doctor.js');
      return runDoctor(command, io);
    }
    case 'login':
    case 'logout':
    case 'users':
    case 'setup-db':
    case 'history': {
      const { runAccountCommand } = await import('../app/account-commands.js');
      return runAccountCommand(command, io);
    }
  }
}
