import { describe, expect, test } from 'vitest';
import { CsvError, formatCsvField, formatCsvRow, parseCsv } from '../../../lib/knowledge/csv.ts';
import { readDataFile } from './data-files.ts';

describe('parseCsv', () => {
  test.each([
    [
      'plain',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'no final line break',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CRLF records',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'lone CR records',
      'a,b\r1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted comma', 'a,"b,c",d', [['a', 'b,c', 'd']]],
    [
      'quoted line breaks',
      'a,"line 1\nline 2\r\nline 3",d\n',
      [['a', 'line 1\nline 2\r\nline 3', 'd']],
    ],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['empty quoted field', '"",x', [['', 'x']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['trailing comma', 'a,', [['a', '']]],
    ['byte-order mark', '\ufeffa,b\n', [['a', 'b']]],
    ['blank line kept as one empty field', 'a\n\nb\n', [['a'], [''], ['b']]],
    ['empty input', '', []],
  ])('%s', (_label, text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  test.each([
    ['unterminated quote', 'a,"b\nc', 1],
    ['text after a closing quote', '"a"b,c', 1],
    ['quote inside an unquoted field', 'a\nb"c,d', 2],
  ])('rejects %s with its line', (_label, text, line) => {
    expect(() => parseCsv(text)).toThrow(CsvError);
    try {
      parseCsv(text);
    } catch (error) {
      expect((error as CsvError).line).toBe(line);
    }
  });

  test('stops past maxRecords', () => {
    expect(() => parseCsv('a\nb\nc\n', { maxRecords: 2 })).toThrow(/more than 2 records/);
  });

  test('reads every record of the Open Cookie Database with ten fields', () => {
    const text = readDataFile('open-cookie-database.csv');
    const records = parseCsv(text);
    // Independent count: every data record starts a line with its UUID.
    const starts =
      text.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12},/gm) ?? [];
    expect(records.length - 1).toBe(starts.length);
    expect(records.every((r) => r.length === 10)).toBe(true);
  });
});

describe('formatCsvField', () => {
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded ', '" padded "'],
    ['', ''],
  ])('%j → %j', (value, expected) => {
    expect(formatCsvField(value)).toBe(expected);
  });

  test('a formatted row parses back to the same fields', () => {
    const fields = ['a', 'b,c', 'say "x"', 'multi\r\nline', '', ' sp '];
    expect(parseCsv(formatCsvRow(fields))).toEqual([fields]);
  });
});
