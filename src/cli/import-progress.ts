/**
 * The import CLI's progress on stderr, in one of two forms:
 * - on a terminal (stderr is a TTY, and the CI variable is not set): one line redrawn in place, a
 *   bar of the bytes read over all the files (`[#####-----] 48%  labs.csv  61.2 of 128.4 MB`) while
 *   reading, then the phase, each with the time since the start; redrawn at most every
 *   REDRAW_MS, and ended with a line break;
 * - elsewhere (a pipe, a log file, CI): a line per phase and per tenth of each file, e.g.
 *   `reading labs.csv 40%`, `checking the rules between rows and files`,
 *   `writing, in one transaction`, `recomputing the CTCAE grades of 120 patients`. Tools read
 *   these lines (bench/import-export-bench.ts times the phases from them, tests wait for
 *   "writing"), so their wording stays.
 */
import type { ImportProgress } from '../interchange/import/import-folder.js';

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

export interface ProgressReporter {
  report(progress: ImportProgress): void;
  end(): void;
}

/** The name of a phase after reading, as the plain lines spell it. */
function phaseLine(progress: Exclude<ImportProgress, { phase: 'reading' }>): string {
  if (progress.phase === 'checking') return 'checking the rules between rows and files';
  if (progress.phase === 'writing') return 'writing, in one transaction';
  return `recomputing the CTCAE grades of ${progress.patients} patients`;
}

function plainLines(stream: NodeJS.WritableStream): ProgressReporter {
  let lastShown = '';
  return {
    report(progress) {
      const text = progress.phase === 'reading'
        ? `reading ${progress.file} ${Math.floor((progress.bytesTotal === 0 ? 1 : progress.bytesRead / progress.bytesTotal) * 10) * 10}%`
        : phaseLine(progress);
      if (text === lastShown) return;
      lastShown = text;
      stream.write(`${text}\n`);
    },
    end() {},
  };
}

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

/** `totalBytes`: the size of all the files the import reads (the bar's whole). */
function terminalBar(stream: NodeJS.WritableStream, totalBytes: number, now: () => number): ProgressReporter {
  const started = now();
  let lastDrawn = -Infinity;
  let drawn = false;
  /** Bytes of the files read completely before the current one. */
  let bytesOfEarlierFiles = 0;
  let currentFile: { name: string; total: number } | null = null;
  const draw = (text: string, force: boolean) => {
    const at = now();
    if (!force && at - lastDrawn < REDRAW_MS) return;
    lastDrawn = at;
    drawn = true;
    stream.write(`\r\x1b[2K${text}  ${((at - started) / 1000).toFixed(1)} s`);
  };
  return {
    report(progress) {
      if (progress.phase !== 'reading') {
        if (currentFile !== null) bytesOfEarlierFiles += currentFile.total;
        currentFile = null;
        draw(phaseLine(progress), true);
        return;
      }
      const newFile = currentFile?.name !== progress.file;
      if (newFile) {
        if (currentFile !== null) bytesOfEarlierFiles += currentFile.total;
        currentFile = { name: progress.file, total: progress.bytesTotal };
      }
      const read = bytesOfEarlierFiles + progress.bytesRead;
      const share = totalBytes === 0 ? 1 : Math.min(1, read / totalBytes);
      const filled = Math.round(share * BAR_WIDTH);
      draw(`[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%  ${progress.file}  ${megabytes(read)} of ${megabytes(totalBytes)} MB`, newFile);
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}

/**
 * The reporter for `stream`: the bar on an interactive terminal outside CI, the plain lines
 * elsewhere. `totalBytes` is the size of the files to read.
 */
export function createImportProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  totalBytes: number,
  options: { env?: NodeJS.ProcessEnv; now?: () => number } = {},
): ProgressReporter {
  const env = options.env ?? process.env;
  const interactive = stream.isTTY === true && (env['CI'] === undefined || env['CI'] === '' || env['CI'] === 'false');
  return interactive ? terminalBar(stream, totalBytes, options.now ?? (() => performance.now())) : plainLines(stream);
}
