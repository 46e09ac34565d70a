import type { SyncDedupeStore } from './dedupe-store.js';

/** Options of `createIdStore`: how many ids to expect, so its tables start at the right size. */
export interface IdStoreOptions {
  /** Ids expected; sizes the table up front (it grows by doubling anyway). Default 1024. */
  expectedSize?: number;
}

/** An exact set of ids, compact for 64-bit decimal ids. */
export interface IdStore extends SyncDedupeStore {
  /** Bytes held by the table and its fallback (the fallback estimated). */
  readonly byteLength: number;
}

/** Grow when 3/4 full, by half: the load stays in [0.5, 0.75], 10.7–16 bytes per id. */
const MAX_LOAD = 0.75;
const GROWTH = 1.5;
const TWO_POW_32 = 0x1_0000_0000;

/**
 * An exact id set. Canonical decimal ids (1–20 digits, no leading zero, at most 2^64 − 1: every
 * TikTok video id) live as their 64-bit value in an open-addressing table of two `Uint32Array`s
 * (high and low halves, linear probing), 8 bytes a slot. It grows by half when 3/4 full, so the
 * load stays between 0.5 and 0.75: 10.7 to 16 bytes per id, whatever the count (a
 * `Set<string>` of 19-digit ids costs several times that; see `pnpm bench`). Any other
 * key (not a number, leading zeros, too large) goes to a fallback `Set<string>`, so the answers
 * are exactly those of a `Set<string>`.
 */
export function createIdStore(options: IdStoreOptions = {}): IdStore {
  let capacity = Math.max(16, Math.ceil((options.expectedSize ?? 1024) / MAX_LOAD));
  let high = new Uint32Array(capacity);
  let low = new Uint32Array(capacity);
  // Slot (0, 0) marks an empty slot, so the id 0 is kept aside.
  let hasZero = false;
  let tableSize = 0;
  const fallback = new Set<string>();
  let fallbackBytes = 0;
  // The parse writes here instead of allocating.
  let parsedHigh = 0;
  let parsedLow = 0;

  /** Parses a canonical decimal id into (parsedHigh, parsedLow); false when it is not one. */
  const parse = (key: string): boolean => {
    const length = key.length;
    if (length === 0 || length > 20) return false;
    const first = key.charCodeAt(0);
    if (first === 48 /* '0' */ && length > 1) return false;
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < length; i += 1) {
      const digit = key.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return false;
      // (hi, lo) * 10 + digit, in exact double arithmetic (lo * 10 + 9 < 2^36).
      const lowPart = lo * 10 + digit;
      const carry = Math.floor(lowPart / TWO_POW_32);
      lo = lowPart - carry * TWO_POW_32;
      hi = hi * 10 + carry;
      if (hi >= TWO_POW_32) return false;
    }
    parsedHigh = hi;
    parsedLow = lo;
    return true;
  };

  const slotOf = (hi: number, lo: number): number => {
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    // Maps the hash onto [0, capacity) without a power-of-two mask, so the table can grow by
    // 1.5 rather than 2.
    return Math.floor(((h >>> 0) / TWO_POW_32) * capacity);
  };

  /** The slot holding (hi, lo), or the empty slot where it would go. */
  const find = (hi: number, lo: number): number => {
    let slot = slotOf(hi, lo);
    for (;;) {
      const slotHigh = high[slot]!;
      const slotLow = low[slot]!;
      if (slotHigh === hi && slotLow === lo) return slot;
      if (slotHigh === 0 && slotLow === 0) return slot;
      slot += 1;
      if (slot === capacity) slot = 0;
    }
  };

  const grow = (): void => {
    const oldHigh = high;
    const oldLow = low;
    capacity = Math.ceil(capacity * GROWTH);
    high = new Uint32Array(capacity);
    low = new Uint32Array(capacity);
    for (let i = 0; i < oldHigh.length; i += 1) {
      const hi = oldHigh[i]!;
      const lo = oldLow[i]!;
      if (hi === 0 && lo === 0) continue;
      const slot = find(hi, lo);
      high[slot] = hi;
      low[slot] = lo;
    }
  };

  const addIfAbsent = (key: string): boolean => {
    if (!parse(key)) {
      if (fallback.has(key)) return false;
      fallback.add(key);
      // A string's characters plus a Set entry's overhead, roughly.
      fallbackBytes += 2 * key.length + 48;
      return true;
    }
    const hi = parsedHigh;
    const lo = parsedLow;
    if (hi === 0 && lo === 0) {
      if (hasZero) return false;
      hasZero = true;
      return true;
    }
    let slot = find(hi, lo);
    if (high[slot] === hi && low[slot] === lo) return false;
    if (tableSize + 1 > capacity * MAX_LOAD) {
      grow();
      slot = find(hi, lo);
    }
    high[slot] = hi;
    low[slot] = lo;
    tableSize += 1;
    return true;
  };

  const has = (key: string): boolean => {
    if (!parse(key)) return fallback.has(key);
    const hi = parsedHigh;
    const lo = parsedLow;
    if (hi === 0 && lo === 0) return hasZero;
    const slot = find(hi, lo);
    return high[slot] === hi && low[slot] === lo;
  };

  return {
    has,
    add: (key) => {
      addIfAbsent(key);
    },
    addIfAbsent,
    get size() {
      return tableSize + (hasZero ? 1 : 0) + fallback.size;
    },
    get byteLength() {
      return high.byteLength + low.byteLength + fallbackBytes;
    },
  };
}
