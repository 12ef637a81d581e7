/**
 * The statistics engine: pure TypeScript, no I/O, no imports from the rest of the project.
 * One function per procedure, named as the golden cases' `procedure`; each takes the case's
 * `input` and `options` objects as they are and returns an object shaped like its `expected`.
 */
export * from './kaplan-meier.js';
export * from './restricted-mean.js';
export * from './nelson-aalen.js';
export * from './log-rank.js';
export * from './cox-regression.js';
export * from './cox-zph.js';
export * from './fine-gray.js';
export * from './cumulative-incidence.js';
export * from './gray-test.js';
export * from './fisher-exact.js';
export * from './repeated-measures-anova.js';
export * from './distributions.js';
export { StatsInputError } from './errors.js';
export * from './descriptive.js';
export * from './survival-data.js';
