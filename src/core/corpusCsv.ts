/**
 * A corpus as CSV, for people who keep their examples in a spreadsheet:
 *
 *   in0,in1,out0,label
 *   0,1,1,0 XOR 1
 *
 * The header names the columns: `in0..inN-1`, then `out0..outM-1`, then optionally `label`, in
 * that order. A label with a comma, a quote or a line break is quoted as in RFC 4180 ("a ""b"""),
 * nothing else is. Errors name the line and column (1-based, as a spreadsheet shows them).
 */
import { Corpus } from './corpus.js';
import { NbError } from './errors.js';

/** The corpus as CSV text, one example per line, ending with a newline. */
export function corpusToCsv(corpus: Corpus): string {
  const header = [
    ...Array.from({ length: corpus.inputSize }, (_, i) => `in${i}`),
    ...Array.from({ length: corpus.outputSize }, (_, i) => `out${i}`),
    'label',
  ];
  const rows = corpus.examples.map((e) => [...e.inputs.map(String), ...e.targets.map(String), quote(e.label ?? '')].join(','));
  return `${[header.join(','), ...rows].join('\n')}\n`;
}

/** Reads CSV text into a corpus; NB_ERR_INVALID_CORPUS naming the line and column otherwise. */
export function corpusFromCsv(text: string): Corpus {
  const records = splitRecords(text);
  const first = records[0];
  if (first === undefined) {
    throw new NbError('NB_ERR_INVALID_CORPUS', 'the CSV is empty: it needs a header line such as in0,in1,out0,label', {
      field: 'line 1',
    });
  }
  const { inputSize, outputSize, hasLabel } = readHeader(first.cells, first.line);
  const corpus = new Corpus(inputSize, outputSize);
  const width = inputSize + outputSize + (hasLabel ? 1 : 0);
  for (const { line, cells } of records.slice(1)) {
    if (cells.length !== width) {
      throw new NbError(
        'NB_ERR_INVALID_CORPUS',
        `line ${line}: ${cells.length} columns, but the header has ${width}`,
        { field: `line ${line}` },
      );
    }
    const values = cells.slice(0, inputSize + outputSize).map((cell, c) => {
      const x = cell.trim() === '' ? NaN : Number(cell);
      if (!Number.isFinite(x)) {
        const name = c < inputSize ? `in${c}` : `out${c - inputSize}`;
        throw new NbError(
          'NB_ERR_INVALID_CORPUS',
          `line ${line}, column ${c + 1} (${name}): ${JSON.stringify(cell)} is not a finite number`,
          { field: `line ${line}, column ${c + 1}` },
        );
      }
      return x;
    });
    const label = hasLabel ? cells[width - 1] : undefined;
    corpus.add(
      {
        inputs: values.slice(0, inputSize),
        targets: values.slice(inputSize),
        ...(label ? { label } : {}),
      },
      `line ${line}`,
    );
  }
  return corpus;
}

function readHeader(cells: string[], line: number): { inputSize: number; outputSize: number; hasLabel: boolean } {
  const names = cells.map((c) => c.trim());
  const hasLabel = names[names.length - 1] === 'label';
  const columns = hasLabel ? names.slice(0, -1) : names;
  let inputSize = 0;
  while (columns[inputSize] === `in${inputSize}`) inputSize++;
  let outputSize = 0;
  while (columns[inputSize + outputSize] === `out${outputSize}`) outputSize++;
  const bad = inputSize + outputSize;
  if (bad < columns.length || inputSize === 0 || outputSize === 0) {
    const col = inputSize === 0 || outputSize === 0 ? Math.min(bad, columns.length) : bad;
    const expected = inputSize === 0 ? 'in0' : outputSize === 0 ? `in${inputSize} or out0` : `out${outputSize} or label`;
    throw new NbError(
      'NB_ERR_INVALID_CORPUS',
      `line ${line}, column ${col + 1}: header ${JSON.stringify(names[col] ?? '')} where ${expected} was expected ` +
        `(the header must read in0,in1,…,out0,out1,…[,label])`,
      { field: `line ${line}, column ${col + 1}` },
    );
  }
  return { inputSize, outputSize, hasLabel };
}

/** Splits CSV text into records of cells, honouring quotes; skips blank lines. */
function splitRecords(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let atRecordStart = true;
  const endRecord = (): void => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: startLine, cells });
    cells = [];
    cell = '';
    atRecordStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (atRecordStart) {
      startLine = line;
      atRecordStart = false;
    }
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else {
      cell += ch;
    }
  }
  if (quoted) {
    throw new NbError('NB_ERR_INVALID_CORPUS', `line ${startLine}: a quoted value is never closed (missing ")`, {
      field: `line ${startLine}`,
    });
  }
  if (!atRecordStart) endRecord();
  return records;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value.trim() !== value ? `"${value.replaceAll('"', '""')}"` : value;
}
