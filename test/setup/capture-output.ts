import { appendFileSync } from 'node:fs';

/** Copies everything the suite writes to stdout/stderr into one log that the global teardown scans for secrets. */
const log = process.env.KR_OUTPUT_LOG;
if (log) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      try {
        appendFileSync(log, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array));
      } catch {
        // the scan is a safety net; never break a test over it
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
