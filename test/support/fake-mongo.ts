/**
 * A small in-memory stand-in for the parts of the MongoDB driver's Db/Collection API the stores use, so
 * the Mongo store code runs through the contract suite even without a server. It models: equality and
 * $ne/$in/$lt filters, projections, sort/limit, $set/$unset/$inc/$push, upserts, unique indexes (E11000),
 * findOneAndUpdate, and the aggregate pipeline shape setup-db uses. The real-server run (MONGODB_TEST_URI)
 * remains the authority.
 */
import { MongoServerError, type Db } from 'mongodb';

type Doc = Record<string, unknown>;

const clone = <T>(v: T): T => structuredClone(v);
const eq = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

function matches(doc: Doc, filter: Doc): boolean {
  return Object.entries(filter).every(([k, cond]) => {
    const v = doc[k];
    if (cond && typeof cond === 'object' && !(cond instanceof Date)) {
      const c = cond as Doc;
      if ('$ne' in c) return !eq(v, c.$ne);
      if ('$in' in c) return (c.$in as unknown[]).some((x) => eq(v, x));
      if ('$gt' in c) return (v as number) > (c.$gt as number);
      throw new Error(`fake-mongo: unsupported operator in ${JSON.stringify(c)}`);
    }
    return eq(v, cond);
  });
}

function project(doc: Doc, projection?: Doc): Doc {
  const d = clone(doc);
  if (!projection) return d;
  const include = Object.entries(projection)
    .filter(([k, v]) => v === 1 && k !== '_id')
    .map(([k]) => k);
  if (include.length) {
    const out: Doc = {};
    if (projection._id !== 0) out._id = d._id;
    for (const k of include) if (k in d) out[k] = d[k];
    return out;
  }
  for (const [k, v] of Object.entries(projection)) if (v === 0) delete d[k];
  return d;
}

function sortDocs(docs: Doc[], sort: Doc): Doc[] {
  const [[key, dir]] = Object.entries(sort) as [[string, number]];
  const val = (x: unknown) => (x instanceof Date ? x.getTime() : (x as number | string));
  return [...docs].sort((a, b) => (val(a[key]) < val(b[key]) ? -dir : val(a[key]) > val(b[key]) ? dir : 0));
}

function applyUpdate(doc: Doc, update: Doc): void {
  for (const [op, fields] of Object.entries(update)) {
    for (const [k, v] of Object.entries(fields as Doc)) {
      if (op === '$set') doc[k] = clone(v);
      else if (op === '$unset') delete doc[k];
      else if (op === '$inc') doc[k] = ((doc[k] as number) ?? 0) + (v as number);
      else if (op === '$push') doc[k] = [...((doc[k] as unknown[]) ?? []), clone(v)];
      else throw new Error(`fake-mongo: unsupported update ${op}`);
    }
  }
}

class FakeCursor {
  private limitN = Infinity;
  constructor(private docs: Doc[]) {}
  sort(s: Doc) {
    this.docs = sortDocs(this.docs, s);
    return this;
  }
  limit(n: number) {
    this.limitN = n;
    return this;
  }
  async toArray() {
    return this.docs.slice(0, this.limitN);
  }
  async next() {
    return this.docs[0] ?? null;
  }
}

let nextId = 1;

class FakeCollection {
  docs: Doc[] = [];
  unique: { name: string; key: string }[] = [{ name: '_id_', key: '_id' }];
  indexes: { name: string; key: Doc; unique?: boolean }[] = [{ name: '_id_', key: { _id: 1 } }];

  private checkUnique(candidate: Doc, except?: Doc) {
    for (const u of this.unique) {
      if (candidate[u.key] === undefined) continue;
      if (this.docs.some((d) => d !== except && eq(d[u.key], candidate[u.key]))) {
        throw new MongoServerError({ message: `E11000 duplicate key error index: ${u.name}`, code: 11000 });
      }
    }
  }
  find(filter: Doc, opts: { projection?: Doc } = {}) {
    return new FakeCursor(this.docs.filter((d) => matches(d, filter)).map((d) => project(d, opts.projection)));
  }
  async findOne(filter: Doc, opts: { projection?: Doc } = {}) {
    const d = this.docs.find((x) => matches(x, filter));
    return d ? project(d, opts.projection) : null;
  }
  async insertOne(doc: Doc) {
    const d = clone({ _id: doc._id ?? `oid${nextId++}`, ...doc });
    this.checkUnique(d);
    this.docs.push(d);
    return { insertedId: d._id };
  }
  async updateOne(filter: Doc, update: Doc, opts: { upsert?: boolean } = {}) {
    const d = this.docs.find((x) => matches(x, filter));
    if (d) {
      const next = clone(d);
      applyUpdate(next, update);
      this.checkUnique(next, d);
      Object.keys(d).forEach((k) => delete d[k]);
      Object.assign(d, next);
      return { matchedCount: 1, modifiedCount: 1 };
    }
    if (opts.upsert) {
      const fresh: Doc = { _id: `oid${nextId++}` };
      for (const [k, v] of Object.entries(filter)) if (typeof v !== 'object') fresh[k] = v;
      applyUpdate(fresh, update);
      this.checkUnique(fresh);
      this.docs.push(fresh);
    }
    return { matchedCount: 0, modifiedCount: 0 };
  }
  async updateMany(filter: Doc, update: Doc) {
    const hits = this.docs.filter((x) => matches(x, filter));
    for (const d of hits) applyUpdate(d, update);
    return { matchedCount: hits.length };
  }
  async findOneAndUpdate(filter: Doc, update: Doc, opts: { returnDocument?: 'before' | 'after'; projection?: Doc } = {}) {
    const d = this.docs.find((x) => matches(x, filter));
    if (!d) return null;
    const before = clone(d);
    applyUpdate(d, update);
    return project(opts.returnDocument === 'after' ? d : before, opts.projection);
  }
  async countDocuments(filter: Doc) {
    return this.docs.filter((x) => matches(x, filter)).length;
  }
  async deleteOne(filter: Doc) {
    const i = this.docs.findIndex((x) => matches(x, filter));
    if (i >= 0) this.docs.splice(i, 1);
    return { deletedCount: i >= 0 ? 1 : 0 };
  }
  async deleteMany(filter: Doc) {
    const before = this.docs.length;
    this.docs = this.docs.filter((x) => !matches(x, filter));
    return { deletedCount: before - this.docs.length };
  }
  aggregate(pipeline: Doc[]) {
    // Only the duplicate-finding pipeline of setup-db: $sort, $group {_id:'$f', ids:{$push:'$_id'}, n:{$sum:1}}, $match n>1.
    let docs = clone(this.docs);
    const out: Doc[] = [];
    for (const stage of pipeline) {
      if (stage.$sort) docs = sortDocs(docs, stage.$sort as Doc);
      if (stage.$group) {
        const field = ((stage.$group as Doc)._id as string).slice(1);
        const groups = new Map<unknown, Doc>();
        for (const d of docs) {
          const g = groups.get(d[field]) ?? { _id: d[field], ids: [], n: 0 };
          (g.ids as unknown[]).push(d._id);
          g.n = (g.n as number) + 1;
          groups.set(d[field], g);
        }
        docs = [...groups.values()];
      }
      if (stage.$match) docs = docs.filter((d) => matches(d, stage.$match as Doc));
    }
    out.push(...docs);
    return new FakeCursor(out);
  }
  async createIndex(key: Doc, opts: { unique?: boolean; name?: string } = {}) {
    const name = opts.name ?? Object.keys(key).join('_');
    if (opts.unique) {
      const field = Object.keys(key)[0]!;
      const seen = new Set<unknown>();
      for (const d of this.docs) {
        if (seen.has(d[field])) throw new MongoServerError({ message: 'E11000 duplicate key error (building index)', code: 11000 });
        seen.add(d[field]);
      }
      this.unique.push({ name, key: field });
    }
    this.indexes.push({ name, key, unique: opts.unique });
    return name;
  }
  listIndexes() {
    return new FakeCursor(this.indexes as unknown as Doc[]);
  }
  async dropIndex(name: string) {
    this.indexes = this.indexes.filter((i) => i.name !== name);
    this.unique = this.unique.filter((u) => u.name !== name);
  }
}

export function fakeMongoDb(): Db & { raw(name: string): FakeCollection } {
  const collections = new Map<string, FakeCollection>();
  const get = (name: string) => {
    let c = collections.get(name);
    if (!c) collections.set(name, (c = new FakeCollection()));
    return c;
  };
  return { collection: get, raw: get } as unknown as Db & { raw(name: string): FakeCollection };
}
