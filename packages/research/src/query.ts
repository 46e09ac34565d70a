import { TikrxError } from '@tikrx/core';
import { type DayInput, dayNumberOf, toApiDate } from './dates.js';
import { validateUsername } from './username.js';

/** Condition field names of the video query document. */
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
/** A field a Research query can test. */
export type QueryFieldName = (typeof QUERY_FIELD_NAMES)[number];

/** Every operation a Research query condition can use. */
export const QUERY_OPERATIONS = ['EQ', 'IN', 'GT', 'GTE', 'LT', 'LTE'] as const;
/** An operation of a Research query condition. */
export type QueryOperation = (typeof QUERY_OPERATIONS)[number];

/** `video_length` values: SHORT < 15 s, MID 15–60 s, LONG 1–5 min, EXTRA_LONG > 5 min. */
export const VIDEO_LENGTHS = ['SHORT', 'MID', 'LONG', 'EXTRA_LONG'] as const;
/** A `video_length` bucket of the Research API. */
export type VideoLength = (typeof VIDEO_LENGTHS)[number];

/** The region codes the query document lists, in its order. */
export const REGION_CODES = [
  'FR',
  'TH',
  'MM',
  'BD',
  'IT',
  'NP',
  'IQ',
  'BR',
  'US',
  'KW',
  'VN',
  'AR',
  'KZ',
  'GB',
  'UA',
  'TR',
  'ID',
  'PK',
  'NG',
  'KH',
  'PH',
  'EG',
  'QA',
  'MY',
  'ES',
  'JO',
  'MA',
  'SA',
  'TW',
  'AF',
  'EC',
  'MX',
  'BW',
  'JP',
  'LT',
  'TN',
  'RO',
  'LY',
  'IL',
  'DZ',
  'CG',
  'GH',
  'DE',
  'BJ',
  'SN',
  'SK',
  'BY',
  'NL',
  'LA',
  'BE',
  'DO',
  'TZ',
  'LK',
  'NI',
  'LB',
  'IE',
  'RS',
  'HU',
  'PT',
  'GP',
  'CM',
  'HN',
  'FI',
  'GA',
  'BN',
  'SG',
  'BO',
  'GM',
  'BG',
  'SD',
  'TT',
  'OM',
  'FO',
  'MZ',
  'ML',
  'UG',
  'RE',
  'PY',
  'GT',
  'CI',
  'SR',
  'AO',
  'AZ',
  'LR',
  'CD',
  'HR',
  'SV',
  'MV',
  'GY',
  'BH',
  'TG',
  'SL',
  'MK',
  'KE',
  'MT',
  'MG',
  'MR',
  'PA',
  'IS',
  'LU',
  'HT',
  'TM',
  'ZM',
  'CR',
  'NO',
  'AL',
  'ET',
  'GW',
  'AU',
  'KR',
  'UY',
  'JM',
  'DK',
  'AE',
  'MD',
  'SE',
  'MU',
  'SO',
  'CO',
  'AT',
  'GR',
  'UZ',
  'CL',
  'GE',
  'PL',
  'CA',
  'CZ',
  'ZA',
  'AI',
  'VE',
  'KG',
  'PE',
  'CH',
  'LV',
  'PR',
  'NZ',
  'TL',
  'BT',
  'MN',
  'FJ',
  'SZ',
  'VU',
  'BF',
  'TJ',
  'BA',
  'AM',
  'TD',
  'SI',
  'CY',
  'MW',
  'EE',
  'XK',
  'ME',
  'KY',
  'YE',
  'LS',
  'ZW',
  'MC',
  'GN',
  'BS',
  'PF',
  'NA',
  'VI',
  'BB',
  'BZ',
  'CW',
  'PS',
  'FM',
  'PG',
  'BI',
  'AD',
  'TV',
  'GL',
  'KM',
  'AW',
  'TC',
  'CV',
  'MO',
  'VC',
  'NE',
  'WS',
  'MP',
  'DJ',
  'RW',
  'AG',
  'GI',
  'GQ',
  'AS',
  'AX',
  'TO',
  'KN',
  'LC',
  'NC',
  'LI',
  'SS',
  'IR',
  'SY',
  'IM',
  'SC',
  'VG',
  'SB',
  'DM',
  'KI',
  'UM',
  'SX',
  'GD',
  'MH',
  'BQ',
  'YT',
  'ST',
  'CF',
  'BM',
  'SM',
  'PW',
  'GU',
  'HK',
  'IN',
  'CK',
  'AQ',
  'WF',
  'JE',
  'MQ',
  'CN',
  'GF',
  'MS',
  'GG',
  'TK',
  'FK',
  'PM',
  'NU',
  'MF',
  'ER',
  'NF',
  'VA',
  'IO',
  'SH',
  'BL',
  'CU',
  'NR',
  'TP',
  'BV',
  'EH',
  'PN',
  'TF',
  'RU',
] as const;
/** A region code the Research API accepts in `region_code` conditions. */
export type RegionCode = (typeof REGION_CODES)[number];

/** One condition of a Research query: a field, an operation and the values. */
export interface QueryCondition {
  field_name: QueryFieldName;
  operation: QueryOperation;
  field_values: string[];
}

/** The API's own query JSON. */
export interface ResearchQuery {
  and?: QueryCondition[];
  or?: QueryCondition[];
  not?: QueryCondition[];
}

const FIELD_NAMES: ReadonlySet<string> = new Set(QUERY_FIELD_NAMES);
const OPERATIONS: ReadonlySet<string> = new Set(QUERY_OPERATIONS);
const REGIONS: ReadonlySet<string> = new Set(REGION_CODES);
const LENGTHS: ReadonlySet<string> = new Set(VIDEO_LENGTHS);
const CLAUSES = ['and', 'or', 'not'] as const;
/** Operations that compare against one value. */
const SINGLE_VALUE_OPERATIONS: ReadonlySet<string> = new Set(['EQ', 'GT', 'GTE', 'LT', 'LTE']);
const RANGE_OPERATIONS: ReadonlySet<string> = new Set(['GT', 'GTE', 'LT', 'LTE']);
/** Fields with an order, the only ones GT / GTE / LT / LTE apply to. */
const ORDERED_FIELDS: ReadonlySet<string> = new Set(['create_date', 'video_id']);

/**
 * Checks a query against the document (clause names, field names, operations, value formats)
 * and returns a copy holding only what the API knows. Throws `bad_request` naming the path.
 */
export function validateQuery(query: unknown): ResearchQuery {
  if (!isPlainObject(query)) throw badQuery('query', 'must be an object with and / or / not');
  const out: ResearchQuery = {};
  let conditions = 0;
  for (const key of Object.keys(query)) {
    if (!(CLAUSES as readonly string[]).includes(key)) {
      throw badQuery(`query.${key}`, 'is not a clause; use and, or, not');
    }
  }
  for (const clause of CLAUSES) {
    const list = query[clause];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw badQuery(`query.${clause}`, 'must be a list of conditions');
    out[clause] = list.map((condition, i) => validateCondition(condition, `query.${clause}[${i}]`));
    conditions += list.length;
  }
  if (conditions === 0) throw badQuery('query', 'needs at least one condition');
  return out;
}

function validateCondition(condition: unknown, path: string): QueryCondition {
  if (!isPlainObject(condition)) throw badQuery(path, 'must be an object');
  const { field_name: field, operation, field_values: values } = condition;
  for (const key of Object.keys(condition)) {
    if (key !== 'field_name' && key !== 'operation' && key !== 'field_values') {
      throw badQuery(`${path}.${key}`, 'is not a condition member');
    }
  }
  if (typeof field !== 'string' || !FIELD_NAMES.has(field)) {
    throw badQuery(
      `${path}.field_name`,
      `must be one of ${QUERY_FIELD_NAMES.join(', ')}; got ${JSON.stringify(field)}`,
    );
  }
  if (typeof operation !== 'string' || !OPERATIONS.has(operation)) {
    throw badQuery(
      `${path}.operation`,
      `must be one of ${QUERY_OPERATIONS.join(', ')}; got ${JSON.stringify(operation)}`,
    );
  }
  if (RANGE_OPERATIONS.has(operation) && !ORDERED_FIELDS.has(field)) {
    throw badQuery(
      `${path}.operation`,
      `${operation} applies to create_date and video_id only, not ${field}`,
    );
  }
  if (!Array.isArray(values) || values.length === 0) {
    throw badQuery(`${path}.field_values`, 'must be a non-empty list of strings');
  }
  if (SINGLE_VALUE_OPERATIONS.has(operation) && values.length !== 1) {
    throw badQuery(
      `${path}.field_values`,
      `${operation} takes exactly one value; use IN for several`,
    );
  }
  return {
    field_name: field as QueryFieldName,
    operation: operation as QueryOperation,
    field_values: values.map((value: unknown, i) =>
      checkValue(field as QueryFieldName, value, `${path}.field_values[${i}]`),
    ),
  };
}

/** The value as the API takes it (a username loses its `@`), or `bad_request`. */
function checkValue(field: QueryFieldName, value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badQuery(path, `must be a non-empty string; got ${JSON.stringify(value)}`);
  }
  switch (field) {
    case 'create_date':
      if (!/^\d{8}$/.test(value)) throw badQuery(path, `create_date is YYYYMMDD; got "${value}"`);
      dayNumberOf(value, path);
      return value;
    case 'region_code':
      if (!REGIONS.has(value)) throw badQuery(path, `"${value}" is not a region code of the API`);
      return value;
    case 'video_length':
      if (!LENGTHS.has(value))
        throw badQuery(path, `video_length is one of ${VIDEO_LENGTHS.join(', ')}; got "${value}"`);
      return value;
    case 'video_id':
    case 'music_id':
    case 'effect_id':
      if (!/^\d+$/.test(value)) throw badQuery(path, `${field} is a decimal id; got "${value}"`);
      return value;
    case 'username':
      // The rule repostedVideos applies: the same usernames.
      return validateUsername(value, `Research query: ${path}`);
    default:
      return value;
  }
}

/** The values each condition field takes in the builder. */
export interface QueryValueOf {
  create_date: DayInput;
  username: string;
  region_code: RegionCode;
  video_id: string | bigint;
  hashtag_name: string;
  keyword: string;
  music_id: string | bigint;
  effect_id: string | bigint;
  video_length: VideoLength;
}

function condition<F extends QueryFieldName>(
  field: F,
  operation: QueryOperation,
  values: readonly QueryValueOf[F][],
): QueryCondition {
  return {
    field_name: field,
    operation,
    field_values: values.map((value) =>
      field === 'create_date' ? toApiDate(value as DayInput, 'create_date') : String(value),
    ),
  };
}

/**
 * A small typed builder of the API's query JSON:
 * `q.query(q.and(q.eq('hashtag_name', 'cats'), q.in('region_code', ['JP', 'US'])), q.not(q.eq('video_length', 'SHORT')))`.
 * Every function returns plain data; `validateQuery` still checks the result.
 */
export const q = {
  /** `field` equals `value`. */
  eq: <F extends QueryFieldName>(field: F, value: QueryValueOf[F]) =>
    condition(field, 'EQ', [value]),
  /** `field` is one of `values`. */
  in: <F extends QueryFieldName>(field: F, values: readonly QueryValueOf[F][]) =>
    condition(field, 'IN', values),
  /** `field` is greater than `value`. */
  gt: <F extends QueryFieldName>(field: F, value: QueryValueOf[F]) =>
    condition(field, 'GT', [value]),
  /** `field` is greater than or equal to `value`. */
  gte: <F extends QueryFieldName>(field: F, value: QueryValueOf[F]) =>
    condition(field, 'GTE', [value]),
  /** `field` is less than `value`. */
  lt: <F extends QueryFieldName>(field: F, value: QueryValueOf[F]) =>
    condition(field, 'LT', [value]),
  /** `field` is less than or equal to `value`. */
  lte: <F extends QueryFieldName>(field: F, value: QueryValueOf[F]) =>
    condition(field, 'LTE', [value]),
  /** Every condition holds. */
  and: (...conditions: QueryCondition[]): ResearchQuery => ({ and: conditions }),
  /** At least one condition holds. */
  or: (...conditions: QueryCondition[]): ResearchQuery => ({ or: conditions }),
  /** No condition holds. */
  not: (...conditions: QueryCondition[]): ResearchQuery => ({ not: conditions }),
  /** Joins clauses (`q.and(...)`, `q.not(...)`) into one query; lists of the same clause are concatenated. */
  query: (...parts: ResearchQuery[]): ResearchQuery => {
    const out: ResearchQuery = {};
    for (const part of parts) {
      for (const clause of CLAUSES) {
        const list = part[clause];
        if (list !== undefined) out[clause] = [...(out[clause] ?? []), ...list];
      }
    }
    return out;
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badQuery(path: string, problem: string): TikrxError {
  return new TikrxError({ kind: 'bad_request', message: `Research query: ${path} ${problem}` });
}
