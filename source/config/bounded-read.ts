import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Why a file the user named could not be read, in words for one error line. */
export class UnreadableFile extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'UnreadableFile';
    this.code = code;
  }
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function reason(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return `cannot read it (${code ?? 'error'})`;
  }
}

/**
 * Reads a small text file the user named, never blocking and never unbounded: opened non-blocking (a FIFO
 * with no writer does not hang), refused unless it is a regular file (a directory, a FIFO, /dev/zero), and
 * refused when larger than `maxBytes`. Throws UnreadableFile with the reason in words.
 */
export function readBoundedTextFile(path: string, maxBytes: number): string {
  return readBoundedFile(path, maxBytes).toString('utf8');
}

/** readBoundedTextFile's bytes. */
export function readBoundedFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UnreadableFile(code, reason(code));
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableFile('EISDIR', reason('EISDIR'));
    if (!stat.isFile()) throw new UnreadableFile('ENOTFILE', 'not a regular file (a pipe, a device or a socket)');
    if (stat.size > maxBytes) throw new UnreadableFile('EFBIG', `too large (${mb(stat.size)}; at most ${mb(maxBytes)})`);
    // The size can change under us: read at most one byte more than allowed to notice.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new UnreadableFile('EFBIG', `too large (more than ${mb(maxBytes)})`);
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UnreadableFile(code, reason(code));
  } finally {
    closeSync(fd);
  }
}
