/**
 * Analyses on the event loop, in the request's own context: for in-memory databases, which no
 * worker thread can open. No time limit: a synchronous computation cannot be interrupted.
 */
import type { AnalysisExecutor } from './executor.js';
import { executeAnalysis } from './execute.js';

export function createInlineExecutor(): AnalysisExecutor {
  return {
    run: executeAnalysis,
    stats: () => ({ mode: 'inline', pool: null }),
    close: async () => {},
  };
}
