// Records and rows must come out the same however the bytes are cut into chunks (every cut point of
// small inputs, including a cut right after an opening brace or inside a quoted CSV field).
import { describe, expect, it } from 'vitest';
import { utf8, decodeUtf8 } from './bytes.ts';
import { CsvReader } from './csv-reader.ts';
import { JsonRecordSplitter } from './record-splitter.ts';
import { pushInPieces } from './test-events.ts';

function splitJson(bytes: Uint8Array, cuts: number[], maxRecordBytes?: number): string[] {
  const out: string[] = [];
  const splitter = new JsonRecordSplitter(
    {
      onRecord: (b, start, end, line) => out.push(`${line}:${decodeUtf8(b, start, end)}`),
      onMalformed: (line, reason) => out.push(`${line}!${reason}`),
    },
    maxRecordBytes,
  );
  pushInPieces(splitter, bytes, cuts);
  return out;
}

function readCsv(bytes: Uint8Array, cuts: number[], delimiter?: string): string[] {
  const out: string[] = [];
  const reader = new CsvReader(
    {
      onRow: (row) =>
        out.push(
          `${row.line}:${Array.from({ length: row.count }, (_, i) => row.text(i)).join('|')}`,
        ),
      onProblem: (line, reason) => out.push(`${line}!${reason}`),
    },
    delimiter,
  );
  pushInPieces(reader, bytes, cuts);
  return out;
}

describe('chunk boundaries', () => {
  it('JSON Lines: the same records for every single cut and for byte-by-byte input', () => {
    const text = '{"a":1}\n{"b":"x\\"}"}\n\nbad line\n{"c":[{"d":2}]}{"e":3}\n{"f":\n{"g":4}';
    const bytes = utf8(text);
    const expected = [
      '1:{"a":1}',
      '2:{"b":"x\\"}"}',
      '4!not a JSON object',
      '5:{"c":[{"d":2}]}',
      '5:{"e":3}',
      '6!the line ends before the record is closed (truncated record?)',
      '7:{"g":4}',
    ];
    expect(splitJson(bytes, [])).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(splitJson(bytes, [cut]), `cut at ${cut}`).toEqual(expected);
    expect(
      splitJson(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(expected);
  });

  it('pretty-printed arrays: records spanning lines, at every cut', () => {
    const text = '[\n  {\n    "a": 1\n  },\n  {\n    "b": "]"\n  }\n]\n';
    const bytes = utf8(text);
    const expected = ['2:{\n    "a": 1\n  }', '5:{\n    "b": "]"\n  }'];
    for (let cut = 0; cut < bytes.length; cut++)
      expect(splitJson(bytes, cut === 0 ? [] : [cut])).toEqual(expected);
  });

  it('oversized records are reported once, across chunks', () => {
    const bytes = utf8('{"a":"' + 'x'.repeat(100) + '"}\n{"b":1}\n');
    for (const cut of [3, 50, 104, 110])
      expect(splitJson(bytes, [cut], 64)).toEqual([
        '1!record longer than 0 MB; skipped',
        '2:{"b":1}',
      ]);
  });

  it('CSV: the same rows at every cut, with quotes, CRLF and embedded newlines', () => {
    const text = 'a,b,c\r\n1,"x,y",3\r\n"multi\nline","say ""hi""",\r\n4,5,6';
    const bytes = utf8(text);
    const expected = ['1:a|b|c', '2:1|x,y|3', '3:multi\nline|say "hi"|', '5:4|5|6'];
    expect(readCsv(bytes, [])).toEqual(expected);
    for (let cut = 1; cut < bytes.length; cut++)
      expect(readCsv(bytes, [cut]), `cut at ${cut}`).toEqual(expected);
    expect(
      readCsv(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(expected);
  });

  it('CSV: the same rows wherever the bytes lie in memory and wherever a chunk ends', () => {
    // Rows are scanned a word at a time, and a row cut by a chunk end is finished from the next chunk's
    // first line. Bytes just above and below the ones that end a field, multi-byte characters, quotes
    // inside and at the start of fields, empty fields and lines, CRLF, text after a closing quote, line
    // breaks inside quotes, and a last row without a line break.
    const rows = [
      'id,key,value,time',
      'a-1,ünïcödé €,12.5,1772565444266',
      ',,,',
      'x"y,+!#&(*),-0.5,"q,uoted"',
      '',
      '"say ""hi""",~\x7f,{},1\r',
      'plain,row,with,crlf\r',
      '"text"after,a,closing,quote',
      '"line',
      'break",in,quotes,',
      'last,row,"multi',
      'line",end',
    ];
    for (const delimiter of [',', ';', '\t', '|']) {
      const text = rows.map((row) => row.replaceAll(',', delimiter)).join('\n');
      const bytes = utf8(text);
      const expected = readCsv(bytes, [], delimiter);
      expect(expected.slice(0, 3)).toEqual([
        '1:id|key|value|time',
        '2:a-1|ünïcödé €|12.5|1772565444266',
        '3:|||',
      ]);
      for (let offset = 1; offset < 8; offset++) {
        const shifted = new Uint8Array(bytes.length + 8);
        shifted.set(bytes, offset);
        const view = shifted.subarray(offset, offset + bytes.length);
        expect(readCsv(view, [], delimiter), `${delimiter} at offset ${offset}`).toEqual(expected);
        for (let cut = 1; cut < bytes.length; cut++)
          expect(
            readCsv(view, [cut], delimiter),
            `${delimiter}, offset ${offset}, cut ${cut}`,
          ).toEqual(expected);
      }
    }
  });
});
