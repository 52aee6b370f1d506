import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCancelledStatus, isFinalStatus, isKnownStatus, isOpenStatus, orderStateOf, phaseOf } from '../../source/core/order-status.js';

describe("the table of Kite's order statuses", () => {
  it.each([
    ['COMPLETE', 'filled'],
    ['REJECTED', 'rejected'],
    ['CANCELLED', 'cancelled'],
    ['CANCELLED AMO', 'cancelled'],
    ['SKIPPED', 'skipped'],
  ])('%s is final (%s)', (status, phase) => {
    expect(phaseOf(status)).toBe(phase);
    expect(isFinalStatus(status)).toBe(true);
    expect(isOpenStatus(status)).toBe(false);
  });

  it.each([
    'PENDING',
    'PUT ORDER REQ RECEIVED',
    'AMO REQ RECEIVED',
    'VALIDATION PENDING',
    'OPEN PENDING',
    'OPEN',
    'TRIGGER PENDING',
    'MODIFY VALIDATION PENDING',
    'MODIFY PENDING',
    'MODIFIED',
    'CANCEL PENDING',
  ])('%s is open: waited for', (status) => {
    expect(isOpenStatus(status)).toBe(true);
    expect(isFinalStatus(status)).toBe(false);
    expect(orderStateOf(status)).toBe(status);
  });

  it('a status it does not know is UNKNOWN: neither open (it blocks nothing) nor final', () => {
    expect(isKnownStatus('HELD FOR RMS REVIEW')).toBe(false);
    expect(orderStateOf('HELD FOR RMS REVIEW')).toBe('UNKNOWN');
    expect(isOpenStatus('HELD FOR RMS REVIEW')).toBe(false);
    expect(isFinalStatus('HELD FOR RMS REVIEW')).toBe(false);
    expect(isKnownStatus('toString')).toBe(false);
    expect(isCancelledStatus('CANCELLED AMO')).toBe(true);
  });

  const mocksDir = path.resolve(import.meta.dirname, '../../../shared/kite-mocks');
  if (!existsSync(mocksDir)) console.warn(`SKIPPED order statuses of the official Kite mocks: ${mocksDir} not found (needs ../shared next to the repo)`);
  it.skipIf(!existsSync(mocksDir))('knows every status in the official mocks (orders, order history, postback)', () => {
    const statuses = ['orders.json', 'order_info.json'].flatMap((f) =>
      (JSON.parse(readFileSync(path.join(mocksDir, f), 'utf8')) as { data: { status: string }[] }).data.map((o) => o.status),
    );
    statuses.push((JSON.parse(readFileSync(path.join(mocksDir, 'postback.json'), 'utf8')) as { status: string }).status);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((s) => !isKnownStatus(s))).toEqual([]);
  });
});
