/**
 * Structural comparison of a simulator answer with an official Kite mock: same keys, same JS types, recursively,
 * for EVERY element of every array. The mock's elements are merged into one shape first (a key absent from some
 * mock elements is optional; types seen across elements form a union), then each actual element is checked against it.
 */

export type Leaf = 'string' | 'number' | 'boolean' | 'null' | 'timestamp' | 'date';

interface Shape {
  leaves: Set<Leaf>;
  /** undefined: no array seen in the mock; null: only empty arrays seen (element type unknown). */
  element?: Shape | null;
  fields?: Map<string, { shape: Shape; seen: number }>;
  objects: number;
}

/**
 * Fields the Kite docs give as "<type> or null" (kite-api.md §1 profile, §4.9 orderbook). Only these accept null where
 * the mock has a value, or a value where the mock has null; any other null in a mock must stay null.
 */
export const DOCUMENTED_NULLABLE: ReadonlyMap<string, Leaf> = new Map<string, Leaf>([
  ['avatar_url', 'string'],
  ['exchange_order_id', 'string'],
  ['parent_order_id', 'string'],
  ['status_message', 'string'],
  ['status_message_raw', 'string'],
  ['exchange_timestamp', 'timestamp'],
  ['exchange_update_timestamp', 'timestamp'],
  ['tag', 'string'],
  ['guid', 'string'],
]);

/** Fields kiteconnect 5.3.0 turns from a 19-char IST string into a Date (formatResponse, formatGenerateSession). */
export const CLIENT_ORDER_DATES: ReadonlySet<string> = new Set(['order_timestamp', 'exchange_timestamp', 'fill_timestamp', 'created', 'last_instalment']);
export const CLIENT_SESSION_DATES: ReadonlySet<string> = new Set(['login_time']);

export const KITE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

export interface ShapeOptions {
  /** Field names whose mock timestamp string the client delivers as a Date. */
  clientDates?: ReadonlySet<string>;
  nullable?: ReadonlyMap<string, Leaf>;
}

const emptyShape = (): Shape => ({ leaves: new Set(), objects: 0 });

function leafOf(v: unknown): Leaf | undefined {
  if (v === null) return 'null';
  if (v instanceof Date) return 'date';
  if (typeof v === 'string') return KITE_TIMESTAMP.test(v) ? 'timestamp' : 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  return undefined;
}

function absorb(shape: Shape, v: unknown): void {
  const leaf = leafOf(v);
  if (leaf) {
    shape.leaves.add(leaf);
  } else if (Array.isArray(v)) {
    if (v.length === 0) {
      if (shape.element === undefined) shape.element = null;
    } else {
      const element = shape.element ?? emptyShape();
      shape.element = element;
      for (const e of v) absorb(element, e);
    }
  } else if (typeof v === 'object' && v !== null) {
    shape.objects += 1;
    const fields = (shape.fields ??= new Map());
    for (const [k, x] of Object.entries(v)) {
      const f = fields.get(k) ?? { shape: emptyShape(), seen: 0 };
      f.seen += 1;
      absorb(f.shape, x);
      fields.set(k, f);
    }
  } else {
    throw new Error(`unsupported value in a mock: ${typeof v}`);
  }
}

export function shapeOf(mock: unknown): Shape {
  const s = emptyShape();
  absorb(s, mock);
  return s;
}

function describeActual(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : 'Date';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  return typeof v;
}

const LEAF_NAME: Record<Leaf, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  null: 'null',
  timestamp: "'yyyy-MM-dd HH:mm:ss' string",
  date: 'Date',
};

/** The primitive kinds an actual value may take at this field, after the nullable and client-date rules. */
function allowedLeaves(shape: Shape, field: string | undefined, opts: Required<ShapeOptions>): Set<Leaf> {
  const allowed = new Set(shape.leaves);
  const documented = field === undefined ? undefined : opts.nullable.get(field);
  if (documented) {
    allowed.add('null');
    allowed.add(documented);
  } else if (allowed.has('null') && (allowed.size > 1 || shape.element !== undefined || shape.fields)) {
    allowed.delete('null'); // an undocumented null where the mock also shows a value: the value's type is required
  }
  if (field !== undefined && opts.clientDates.has(field) && allowed.delete('timestamp')) allowed.add('date');
  return allowed;
}

function leafMatches(allowed: Set<Leaf>, v: unknown): boolean {
  if (v === null) return allowed.has('null');
  if (v instanceof Date) return allowed.has('date') && !Number.isNaN(v.getTime());
  if (typeof v === 'string') return allowed.has('string') || (allowed.has('timestamp') && KITE_TIMESTAMP.test(v));
  if (typeof v === 'number') return allowed.has('number') && !Number.isNaN(v);
  if (typeof v === 'boolean') return allowed.has('boolean');
  return false;
}

function diff(shape: Shape, actual: unknown, at: string, field: string | undefined, opts: Required<ShapeOptions>): string[] {
  const allowed = allowedLeaves(shape, field, opts);
  const isArray = Array.isArray(actual);
  const isObject = typeof actual === 'object' && actual !== null && !isArray && !(actual instanceof Date);
  if (isArray && shape.element !== undefined) {
    const list = actual as unknown[];
    if (shape.element === null) return [];
    if (list.length === 0) return [`${at}: expected a non-empty array (the mock has elements to compare), got []`];
    const element = shape.element;
    return list.flatMap((e, i) => diff(element, e, `${at}[${i}]`, undefined, opts));
  }
  if (isObject && shape.fields) {
    const obj = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const [k, f] of shape.fields) {
      if (!(k in obj)) {
        if (f.seen === shape.objects) out.push(`${at}.${k}: missing`);
        continue;
      }
      out.push(...diff(f.shape, obj[k], `${at}.${k}`, k, opts));
    }
    return out;
  }
  if (!isArray && !isObject && leafMatches(allowed, actual)) return [];
  const expected = [...allowed].map((l) => LEAF_NAME[l]);
  if (shape.element !== undefined) expected.push('array');
  if (shape.fields) expected.push('object');
  return [`${at}: expected ${expected.join(' | ')}, got ${describeActual(actual)}`];
}

/** Every mismatch between the mock and the actual value, as `<JSON path>: <what>`; [] when the shapes agree. */
export function shapeDiffs(mock: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  const opts: Required<ShapeOptions> = {
    clientDates: options.clientDates ?? new Set(),
    nullable: options.nullable ?? DOCUMENTED_NULLABLE,
  };
  return diff(shapeOf(mock), actual, '$', undefined, opts);
}
