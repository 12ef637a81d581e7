import { describe, expect, it } from 'vitest';
import { createImportProgress } from '../../src/cli/import-progress.js';
import type { ImportProgress } from '../../src/interchange/import/import-folder.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (chunk: string) => { writes.push(chunk); return true; } } as unknown as NodeJS.WriteStream & { writes: string[] };
}

const RUN: ImportProgress[] = [
  { phase: 'reading', file: 'patients.csv', bytesRead: 0, bytesTotal: 100 },
  { phase: 'reading', file: 'patients.csv', bytesRead: 55, bytesTotal: 100 },
  { phase: 'reading', file: 'patients.csv', bytesRead: 100, bytesTotal: 100 },
  { phase: 'reading', file: 'labs.csv', bytesRead: 0, bytesTotal: 300 },
  { phase: 'reading', file: 'labs.csv', bytesRead: 150, bytesTotal: 300 },
  { phase: 'reading', file: 'labs.csv', bytesRead: 300, bytesTotal: 300 },
  { phase: 'checking' },
  { phase: 'writing' },
  { phase: 'grading', patients: 12 },
];

describe('import progress', () => {
  it('writes a line per phase and per tenth of a file where stderr is not a terminal (the lines the benchmark reads)', () => {
    const stream = fakeStream(false);
    const progress = createImportProgress(stream, 400, { env: {} });
    for (const event of RUN) progress.report(event);
    progress.end();
    expect(stream.writes.join('')).toBe([
      'reading patients.csv 0%', 'reading patients.csv 50%', 'reading patients.csv 100%',
      'reading labs.csv 0%', 'reading labs.csv 50%', 'reading labs.csv 100%',
      'checking the rules between rows and files', 'writing, in one transaction', 'recomputing the CTCAE grades of 12 patients', '',
    ].join('\n'));
  });

  it('draws one bar over all the files on a terminal, redrawn in place, and ends it with a line break', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = createImportProgress(stream, 400, { env: {}, now: () => clock });
    for (const event of RUN) {
      clock += 1_000;
      progress.report(event);
    }
    progress.end();
    const frames = stream.writes.slice(0, -1);
    expect(frames.every((frame) => frame.startsWith('\r\x1b[2K'))).toBe(true);
    expect(stream.writes.at(-1)).toBe('\n');
    // labs.csv half read: 100 + 150 of 400 bytes overall.
    expect(frames[4]).toContain('[###################-----------]  62%  labs.csv  0.0 of 0.0 MB');
    expect(frames[4]).toContain('5.0 s');
    expect(frames.at(-1)).toContain('recomputing the CTCAE grades of 12 patients');
  });

  it('redraws the bar at most every 100 ms, but always for a new file or phase', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const progress = createImportProgress(stream, 400, { env: {}, now: () => clock });
    progress.report({ phase: 'reading', file: 'labs.csv', bytesRead: 0, bytesTotal: 400 });
    for (let bytes = 1; bytes <= 50; bytes++) {
      clock += 10;
      progress.report({ phase: 'reading', file: 'labs.csv', bytesRead: bytes, bytesTotal: 400 });
    }
    progress.report({ phase: 'checking' });
    expect(stream.writes.length).toBe(1 + 5 + 1);
  });

  it('keeps to plain lines in CI, even on a terminal', () => {
    const stream = fakeStream(true);
    const progress = createImportProgress(stream, 400, { env: { CI: 'true' } });
    progress.report({ phase: 'writing' });
    progress.end();
    expect(stream.writes).toEqual(['writing, in one transaction\n']);
  });
});
