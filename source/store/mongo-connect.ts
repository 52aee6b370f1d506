import { MongoClient, type Db } from 'mongodb';
import { AppError } from '../core/errors.js';

/** The host part of a MongoDB URI, never the user name or password ("cluster0.example.net", "a:27017,b:27017"). */
export function mongoHostOf(uri: string): string {
  const afterScheme = uri.replace(/^[a-z+]+:\/\//i, '');
  const withoutUser = afterScheme.includes('@') ? afterScheme.slice(afterScheme.lastIndexOf('@') + 1) : afterScheme;
  return withoutUser.split(/[/?]/)[0] || '(no host)';
}

/** Strip anything that looks like credentials from a driver message before showing it. */
function redact(message: string, uri: string): string {
  let out = message;
  const m = /^[a-z+]+:\/\/([^@/]*)@/i.exec(uri);
  if (m?.[1]) {
    for (const part of [m[1], ...m[1].split(':')]) {
      if (part.length > 0) out = out.split(part).join('***');
      const decoded = safeDecode(part);
      if (decoded.length > 0) out = out.split(decoded).join('***');
    }
  }
  return out.replace(/\/\/[^@\s/]*@/g, '//***@');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface MongoConnection {
  client: MongoClient;
  db: Db;
  host: string;
}

export async function connectMongo(uri: string, dbName = 'kite_rebalance', timeoutMs = 5000): Promise<MongoConnection> {
  const host = mongoHostOf(uri);
  let client: MongoClient | undefined;
  try {
    client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, appName: 'kite-rebalance' });
    await client.connect();
    await client.db(dbName).command({ ping: 1 });
  } catch (e) {
    await client?.close().catch(() => undefined);
    const reason = e instanceof Error ? redact(e.message, uri) : 'unknown error';
    throw new AppError('store', `Cannot connect to MongoDB at ${host}: ${firstLine(reason)}`, {
      hint: 'check MONGODB_URI (host, credentials, network access), or unset it to use the embedded store',
    });
  }
  return { client, db: client.db(dbName), host };
}

const firstLine = (s: string) => s.split('\n')[0]!.slice(0, 300);
