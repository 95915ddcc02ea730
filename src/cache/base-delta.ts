import { randomUUID } from 'node:crypto';
import type { Namespace } from './store.js';

/**
 * A map kept in a cache namespace as two entries: a base (`{ generation, entries }`) and a delta
 * against it (`{ generation, set, drop }`), so a build that changed a few values writes those, not
 * the whole map. A delta applies to the base of its generation only; a damaged or stale entry is
 * ignored, so callers must treat the map as a shortcut they can do without.
 */
export interface StoredMap<V> {
  entries: Map<string, V>;
  /** The base as read, which {@link writeStoredMap} may write a delta against. */
  base?: { generation: string; entries: ReadonlyMap<string, V> };
}

/** Up to this many values set or dropped since the base are written as a delta beside it. */
export const DELTA_MAX = 256;

export function readStoredMap<V>(ns: Namespace, key: string): StoredMap<V> {
  const base = parsed(ns, key);
  if (base === undefined || typeof base.generation !== 'string' || !Array.isArray(base.entries)) return { entries: new Map() };
  const baseEntries = new Map(base.entries as Array<[string, V]>);
  const entries = new Map(baseEntries);
  const delta = parsed(ns, deltaKey(key));
  if (delta !== undefined && delta.generation === base.generation && Array.isArray(delta.set) && Array.isArray(delta.drop)) {
    for (const k of delta.drop as string[]) entries.delete(k);
    for (const [k, value] of delta.set as Array<[string, V]>) entries.set(k, value);
  }
  return { entries, base: { generation: base.generation, entries: baseEntries } };
}

/**
 * Stores `entries`: as a delta when `read` had a base and few values differ from it (a value is the
 * base's when it is the base's very object), else as a new base, which makes any old delta stale.
 * Returns what was written, or false when the disk refused.
 */
export function writeStoredMap<V>(ns: Namespace, key: string, entries: ReadonlyMap<string, V>, read: StoredMap<V>): 'delta' | 'base' | false {
  const base = read.base;
  if (base !== undefined) {
    const set = [...entries].filter(([k, value]) => base.entries.get(k) !== value);
    const drop = [...base.entries.keys()].filter((k) => !entries.has(k));
    if (set.length + drop.length <= DELTA_MAX) {
      return ns.put(deltaKey(key), JSON.stringify({ generation: base.generation, set, drop })) ? 'delta' : false;
    }
  }
  return ns.put(key, JSON.stringify({ generation: randomUUID(), entries: [...entries] })) ? 'base' : false;
}

export function deltaKey(key: string): string {
  return `${key}-delta`;
}

function parsed(ns: Namespace, key: string): Record<string, unknown> | undefined {
  const payload = ns.get(key);
  if (payload === undefined) return undefined;
  try {
    const value = JSON.parse(payload.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
