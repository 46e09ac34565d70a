import { type Dataset, videoLengthOf } from './dataset.js';
import type { SimVideo } from './types.js';
import { REGIONS } from './vocabulary.js';

/** Condition field names, as the Research API documents them. */
export const QUERY_FIELD_NAMES = [
  'create_date',
  'username',
  'region_code',
  'video_id',
  'hashtag_name',
  'keyword',
  'music_id',
  'effect_id',
  'video_length',
] as const;
export const QUERY_OPERATIONS = ['EQ', 'IN', 'GT', 'GTE', 'LT', 'LTE'] as const;
const RANGE_OPERATIONS = new Set(['GT', 'GTE', 'LT', 'LTE']);
/** Fields that accept GT/GTE/LT/LTE (they have an order). */
const ORDERED_FIELDS = new Set(['create_date', 'video_id']);
const VIDEO_LENGTHS = new Set(['SHORT', 'MID', 'LONG', 'EXTRA_LONG']);
const DAY_MS = 86_400_000;

/** A condition on the video at an index; reads only the fields it needs. */
type Predicate = (index: number) => boolean;

export interface CompiledQuery {
  matches: Predicate;
  /** Usernames every match must have (from an `and` username EQ/IN), lower-cased. */
  usernames?: string[];
  /** Video ids every match must have (from an `and` video_id EQ/IN). */
  videoIds?: string[];
}

/** A UTC day number from YYYYMMDD, or undefined when it is not a real date in that format. */
export function parseDay(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^\d{8}$/.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return undefined;
  }
  return ms / DAY_MS;
}

export function formatDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

function compare(a: string, b: string): number {
  // Decimal ids and YYYYMMDD dates: a longer string is a bigger number.
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function conditionPredicate(
  dataset: Dataset,
  full: (index: number) => SimVideo,
  field: string,
  operation: string,
  values: string[],
): Predicate {
  if (RANGE_OPERATIONS.has(operation)) {
    const bound = values[0]!;
    const read: (index: number) => string =
      field === 'create_date'
        ? (i) => formatDay(Math.floor(dataset.createTime(i) / 86_400))
        : (i) => dataset.idOf(i);
    switch (operation) {
      case 'GT':
        return (i) => compare(read(i), bound) > 0;
      case 'GTE':
        return (i) => compare(read(i), bound) >= 0;
      case 'LT':
        return (i) => compare(read(i), bound) < 0;
      default:
        return (i) => compare(read(i), bound) <= 0;
    }
  }
  switch (field) {
    case 'create_date': {
      const days = new Set(values);
      return (i) => days.has(formatDay(Math.floor(dataset.createTime(i) / 86_400)));
    }
    case 'username': {
      const names = new Set(values.map((n) => n.toLowerCase()));
      return (i) => names.has(dataset.usernameAt(i));
    }
    case 'region_code': {
      // By REGIONS number: this predicate runs for every index a query walks.
      const wanted = new Uint8Array(REGIONS.length);
      for (const value of values) {
        const region = REGIONS.indexOf(value.toUpperCase() as (typeof REGIONS)[number]);
        if (region >= 0) wanted[region] = 1;
      }
      return (i) => wanted[dataset.regionNumberAt(i)] === 1;
    }
    case 'video_id': {
      const ids = new Set(values);
      return (i) => ids.has(dataset.idOf(i));
    }
    case 'hashtag_name': {
      const tags = new Set(values.map((t) => t.toLowerCase().replace(/^#/, '')));
      return (i) => dataset.hashtagsOf(i).some((t) => tags.has(t));
    }
    case 'keyword': {
      const words = values.map((w) => w.toLowerCase());
      return (i) => {
        const text = full(i).description.toLowerCase();
        return words.some((w) => text.includes(w));
      };
    }
    case 'music_id': {
      const ids = new Set(values);
      return (i) => ids.has(dataset.musicIdAt(i));
    }
    case 'effect_id': {
      const ids = new Set(values);
      return (i) => full(i).effectIds.some((e) => ids.has(e));
    }
    default: {
      const lengths = new Set(values);
      return (i) => lengths.has(videoLengthOf(dataset.durationAt(i)));
    }
  }
}

/**
 * Validates a Research `query` object and compiles it into a predicate.
 * Returns the API's error message when it is invalid.
 */
export function compileQuery(query: unknown, dataset: Dataset): CompiledQuery | string {
  // Conditions that need the whole video (keyword, effect_id) share one derivation per index.
  let memoIndex = -1;
  let memoVideo: SimVideo | undefined;
  const full = (index: number): SimVideo => {
    if (index !== memoIndex || memoVideo === undefined) {
      memoVideo = dataset.video(index);
      memoIndex = index;
    }
    return memoVideo;
  };
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    return 'Invalid query: query must be an object with and, or, not lists';
  }
  const groups: Record<'and' | 'or' | 'not', Predicate[]> = { and: [], or: [], not: [] };
  const compiled: CompiledQuery = { matches: () => true };
  let conditionCount = 0;
  for (const key of Object.keys(query)) {
    if (key !== 'and' && key !== 'or' && key !== 'not')
      return `Invalid query: unknown key "${key}"`;
    const list = (query as Record<string, unknown>)[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `Invalid query: ${key} must be a list of conditions`;
    for (const condition of list as unknown[]) {
      if (typeof condition !== 'object' || condition === null) {
        return `Invalid query: each condition in ${key} must be an object`;
      }
      const {
        field_name: field,
        operation,
        field_values: values,
      } = condition as Record<string, unknown>;
      if (typeof field !== 'string' || !(QUERY_FIELD_NAMES as readonly string[]).includes(field)) {
        return `Invalid field_name: ${String(field)}. field_name must be one of ${QUERY_FIELD_NAMES.join(', ')}`;
      }
      if (
        typeof operation !== 'string' ||
        !(QUERY_OPERATIONS as readonly string[]).includes(operation)
      ) {
        return `Invalid operation: ${String(operation)}. operation must be one of ${QUERY_OPERATIONS.join(', ')}`;
      }
      if (RANGE_OPERATIONS.has(operation) && !ORDERED_FIELDS.has(field)) {
        return `Invalid operation: ${operation} is not supported for field_name ${field}`;
      }
      if (
        !Array.isArray(values) ||
        values.length === 0 ||
        !values.every((v) => typeof v === 'string' && v.length > 0)
      ) {
        return `Invalid field_values for ${field}: field_values must be a non-empty list of strings`;
      }
      const strings = values as string[];
      if ((operation === 'EQ' || RANGE_OPERATIONS.has(operation)) && strings.length !== 1) {
        return `Invalid field_values for ${field}: operation ${operation} takes exactly one value`;
      }
      if (field === 'create_date' && strings.some((v) => parseDay(v) === undefined)) {
        return `Invalid field_values for create_date: dates must be YYYYMMDD`;
      }
      if (field === 'video_length' && strings.some((v) => !VIDEO_LENGTHS.has(v))) {
        return `Invalid field_values for video_length: values must be SHORT, MID, LONG or EXTRA_LONG`;
      }
      if (
        (field === 'video_id' || field === 'music_id') &&
        strings.some((v) => !/^\d{1,20}$/.test(v))
      ) {
        return `Invalid field_values for ${field}: ids must be decimal numbers`;
      }
      groups[key].push(conditionPredicate(dataset, full, field, operation, strings));
      conditionCount++;
      if (key === 'and' && (operation === 'EQ' || operation === 'IN')) {
        if (field === 'username') {
          const names = strings.map((n) => n.toLowerCase());
          compiled.usernames = compiled.usernames?.filter((n) => names.includes(n)) ?? names;
        } else if (field === 'video_id') {
          compiled.videoIds = compiled.videoIds?.filter((id) => strings.includes(id)) ?? [
            ...strings,
          ];
        }
      }
    }
  }
  if (conditionCount === 0) return 'Invalid query: query must have at least one condition';
  const { and, or, not } = groups;
  // Loops rather than every/some: no closure per index walked.
  compiled.matches = (index) => {
    for (const predicate of and) if (!predicate(index)) return false;
    if (or.length > 0) {
      let any = false;
      for (const predicate of or) {
        if (predicate(index)) {
          any = true;
          break;
        }
      }
      if (!any) return false;
    }
    for (const predicate of not) if (predicate(index)) return false;
    return true;
  };
  return compiled;
}

/** Seconds `[fromSec, toSec)` the Research index does not hold yet. */
export interface IndexLag {
  fromSec: number;
  toSec: number;
}

/**
 * The last `lagDays` days before `nowMs` are not in the index yet (the field: ~2 days). The
 * dataset may run past the clock (a big one spans years): what lies after `now` stays served.
 */
export function indexLagAt(nowMs: number, lagDays: number): IndexLag {
  const toSec = Math.floor(nowMs / 1000);
  return { fromSec: toSec - lagDays * 86_400, toSec };
}

/**
 * The result set of a query over an index range, walked newest first (decreasing id),
 * lazily: a page at cursor c only computes matches up to c + max_count + 1.
 */
export class ResultSet {
  /**
   * Indices of the matching videos found so far, `found` of them, hidden ones included (they
   * hold their cursor slot). Int32 rather than a JS array: half the memory for the searches
   * the simulator keeps.
   */
  private matched = new Int32Array(256);
  private found = 0;
  private done = false;
  private readonly next: () => number;

  constructor(
    dataset: Dataset,
    private readonly query: CompiledQuery,
    firstDay: number,
    lastDay: number,
    /** Videos created in these seconds are not in the index yet (quirk indexLagDays). */
    lag: IndexLag = { fromSec: 0, toSec: 0 },
  ) {
    const lo = dataset.firstIndexAtOrAfter(firstDay * 86_400);
    const hi = dataset.firstIndexAtOrAfter((lastDay + 1) * 86_400);
    const lagLo = dataset.firstIndexAtOrAfter(lag.fromSec);
    const lagHi = dataset.firstIndexAtOrAfter(lag.toSec);
    const indexed = (i: number) => i < lagLo || i >= lagHi;
    let candidates: number[] | undefined;
    if (query.videoIds !== undefined) {
      candidates = query.videoIds.map((id) => dataset.indexOfId(id)).filter((i) => i >= 0);
    }
    if (query.usernames !== undefined) {
      const fromNames = query.usernames.flatMap((name) => {
        const creator = dataset.creatorByName(name);
        return creator < 0 ? [] : dataset.creatorVideos(creator);
      });
      candidates =
        candidates === undefined ? fromNames : candidates.filter((i) => fromNames.includes(i));
    }
    if (candidates !== undefined) {
      const list = [...new Set(candidates)]
        .filter((i) => i >= lo && i < hi && indexed(i))
        .sort((a, b) => b - a);
      let at = 0;
      this.next = () => (at < list.length ? list[at++]! : -1);
    } else {
      let at = hi - 1;
      this.next = () => {
        if (!indexed(at)) at = lagLo - 1;
        return at >= lo ? at-- : -1;
      };
    }
  }

  /** Matches known so far (all of them once `hasMoreThan` said no). */
  get size(): number {
    return this.found;
  }

  /** Computes matches until `count` are known or the set is exhausted; returns whether more than `count` exist. */
  hasMoreThan(count: number): boolean {
    while (!this.done && this.found <= count) {
      const index = this.next();
      if (index < 0) {
        this.done = true;
        break;
      }
      if (this.query.matches(index)) {
        if (this.found === this.matched.length) {
          const grown = new Int32Array(this.matched.length * 2);
          grown.set(this.matched);
          this.matched = grown;
        }
        this.matched[this.found++] = index;
      }
    }
    return this.found > count;
  }

  /** The matches at positions from..to (exclusive) among those known. */
  slice(from: number, to: number): number[] {
    return Array.from(this.matched.subarray(from, Math.min(to, this.found)));
  }

  /** Every match (hidden included), newest first. */
  all(): number[] {
    this.hasMoreThan(Number.POSITIVE_INFINITY);
    return this.slice(0, this.found);
  }
}
