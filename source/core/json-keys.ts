/**
 * JSON.parse keeps only the last of duplicate object keys, so a repeated key in a basket would be silently
 * resolved. This walks text that JSON.parse has already accepted, without recursion (any depth) and in one
 * pass (any length of number or string), and reports every object key that appears more than once, with the
 * entries of the top-level `weights` object in order, duplicates included.
 */
export interface JsonKeyScan {
  /** Each repeated key once, as `path` (e.g. `stocks[2]`, or '' for the top level) and `key`. */
  duplicates: { path: string; key: string }[];
  /** The members of the top-level "weights" object, in order; null when there is no such object. */
  weights: [string, unknown][] | null;
}

interface Frame {
  isObject: boolean;
  path: string;
  keys: Set<string>;
  index: number;
  key: string | null;
  valueStart: number;
  collect: [string, unknown][] | null;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

export function scanJsonKeys(text: string): JsonKeyScan {
  const duplicates: { path: string; key: string }[] = [];
  const reported = new Set<string>();
  let weights: [string, unknown][] | null = null;
  const stack: Frame[] = [];
  let expectKey = false;
  let i = 0;

  const childPath = (parent: Frame | undefined): string => {
    if (!parent) return '';
    const name = parent.isObject ? (parent.key ?? '') : `[${parent.index}]`;
    if (!parent.isObject) return `${parent.path}${name}`;
    return parent.path === '' ? name : `${parent.path}.${name}`;
  };
  const valueDone = (start: number, end: number) => {
    const parent = stack[stack.length - 1];
    if (parent?.collect && parent.key !== null) parent.collect.push([parent.key, JSON.parse(text.slice(start, end)) as unknown]);
  };
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.has(c) || c === ':') {
      i++;
    } else if (c === '"') {
      const end = stringEnd(i);
      const top = stack[stack.length - 1];
      if (top?.isObject && expectKey) {
        const key = JSON.parse(text.slice(i, end)) as string;
        if (top.keys.has(key)) {
          const id = `${top.path}\u0000${key}`;
          if (!reported.has(id)) duplicates.push({ path: top.path, key });
          reported.add(id);
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      } else {
        valueDone(i, end);
      }
      i = end;
    } else if (c === '{' || c === '[') {
      const parent = stack[stack.length - 1];
      const path = childPath(parent);
      const isWeights = c === '{' && stack.length === 1 && parent?.key === 'weights';
      const frame: Frame = { isObject: c === '{', path, keys: new Set(), index: 0, key: null, valueStart: i, collect: isWeights ? [] : null };
      if (isWeights) weights = frame.collect;
      stack.push(frame);
      expectKey = c === '{';
      i++;
    } else if (c === '}' || c === ']') {
      const frame = stack.pop()!;
      i++;
      valueDone(frame.valueStart, i);
      expectKey = false;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.isObject) expectKey = true;
      else if (top) top.index++;
      i++;
    } else {
      const start = i;
      while (i < text.length && !WHITESPACE.has(text[i]!) && !',]}'.includes(text[i]!)) i++;
      valueDone(start, i);
    }
  }
  return { duplicates, weights };
}
