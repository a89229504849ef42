/**
 * The .properties reader against java.util.Properties.load: the expected keys and values below are what OpenJDK 17's
 * Properties.load returns for the same text (checked when this test was written), plus the line each entry starts on.
 */
import { describe, expect, it } from 'vitest';
import { parseProperties } from '../../src/profile/properties-file.ts';

const TEXT = [
  '# comment',
  '! bang comment',
  '  acks = 1',
  'key:value',
  'key2 value2',
  'key3',
  'multi = a,\\',
  '        b,\\',
  '   c',
  'esc\\=key = v\\u0041\\tx',
  '  # indented comment, never continued \\',
  'not.continued=1',
  'a\\ b=c',
  'empty=',
  'trail = x  ',
  'colon\\:k:=v',
  'k  =  = v',
  'tab\tsep\tv',
  'cr=1\r\ncr2=2\rlast=\\',
].join('\n');

/** What Java's Properties.load gives for TEXT. */
const JAVA: Record<string, string> = {
  'a b': 'c',
  acks: '1',
  'colon:k': '=v',
  cr: '1',
  cr2: '2',
  empty: '',
  'esc=key': 'vA\tx',
  k: '= v',
  key: 'value',
  key2: 'value2',
  key3: '',
  last: '',
  multi: 'a,b,c',
  'not.continued': '1',
  tab: 'sep\tv',
  trail: 'x  ',
};

describe('parseProperties', () => {
  it('reads keys and values as java.util.Properties.load does', () => {
    const entries = parseProperties(TEXT, 'test.properties');
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual(JAVA);
  });

  it('gives each entry the line it starts on, continued lines included', () => {
    const lines = Object.fromEntries(parseProperties(TEXT, 'test.properties').map((e) => [e.key, e.line]));
    expect(lines).toMatchObject({ acks: 3, key: 4, multi: 7, 'esc=key': 10, 'not.continued': 12, cr: 19, cr2: 20, last: 21 });
  });

  it('keeps every entry in file order, a key given twice too (the caller takes the last, as Java does)', () => {
    expect(parseProperties('acks=1\nacks=all\n', 'p').map((e) => [e.key, e.value, e.line])).toEqual([
      ['acks', '1', 1],
      ['acks', 'all', 2],
    ]);
  });

  it('reads an empty file, or one of comments and blank lines, as no entries', () => {
    expect(parseProperties('', 'p')).toEqual([]);
    expect(parseProperties('# nothing set\n\n   \n! nor here\n', 'p')).toEqual([]);
  });

  it('refuses a malformed \\u escape with the file and line', () => {
    expect(() => parseProperties('acks=1\nk=\\u12G4\n', 'producer.properties')).toThrow(/^config: producer\.properties:2: malformed \\uxxxx escape: \\u12G4$/);
  });
});
