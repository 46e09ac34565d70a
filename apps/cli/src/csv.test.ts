import { describe, expect, it } from 'vitest';
import { csvHeaderLine, csvRowLine } from './csv.js';
import { readCsvRecords } from './csv-records.js';

describe('CSV rows', () => {
  it('flattens nested fields, joins lists with | and quotes what needs it', () => {
    const row = csvRowLine({
      id: '7',
      source: 'research',
      description: 'say "hi",\nthen go',
      hashtags: ['a', 'b'],
      stats: { views: 3 },
    });
    const [header, record] = readCsvRecords(csvHeaderLine() + row).records;
    const cells = Object.fromEntries(header!.map((column, i) => [column, record![i]]));
    expect(cells).toMatchObject({
      id: '7',
      source: 'research',
      description: 'say "hi",\nthen go',
      hashtags: 'a|b',
      'stats.views': '3',
      'stats.likes': '',
      sources: '',
    });
  });

  it("puts a merged record's sources after source, joined with |", () => {
    const [header, record] = readCsvRecords(
      csvHeaderLine() +
        csvRowLine({ id: '8', source: 'display', sources: ['display', 'research'] }),
    ).records;
    expect(header!.slice(0, 3)).toEqual(['id', 'source', 'sources']);
    expect(record!.slice(0, 3)).toEqual(['8', 'display', 'display|research']);
  });
});

describe('readCsvRecords', () => {
  it('ends the complete part before a half-written row, even one inside quotes', () => {
    const complete = `${csvHeaderLine()}${csvRowLine({ id: '1', source: 'display', title: 'a\nb' })}`;
    const { records, completeLength } = readCsvRecords(`${complete}2,display,,,,"half\nwrit`);
    expect(completeLength).toBe(complete.length);
    expect(records.map((record) => record[0])).toEqual(['id', '1']);
  });
});

describe('readCsvRecords with csv-parse', () => {
  it('does not count a last row without its line end, and measures in characters, not bytes', () => {
    const complete = `${csvHeaderLine()}${csvRowLine({ id: '1', source: 'display', title: 'café ☕' })}`;
    const { records, completeLength } = readCsvRecords(`${complete}2,display,,,,caf`);
    expect(completeLength).toBe(complete.length);
    expect(records.map((record) => record[0])).toEqual(['id', '1']);
    expect(records[1]).toContain('café ☕');
  });

  it('reads a file of complete rows to its end', () => {
    const text = `${csvHeaderLine()}${csvRowLine({ id: '1', source: 'display' })}${csvRowLine({ id: '2', source: 'display' })}`;
    expect(readCsvRecords(text)).toMatchObject({ completeLength: text.length });
    expect(readCsvRecords(text).records.map((record) => record[0])).toEqual(['id', '1', '2']);
  });
});
