import { describe, expect, it } from 'vitest';
import { ANALYTES, resolveReferenceRange } from '../../src/clinical/index.js';

describe('resolveReferenceRange', () => {
  it('takes the result\'s own limits first', () => {
    expect(resolveReferenceRange('ALT', {
      result: { lowerLimitOfNormal: 5, upperLimitOfNormal: 35 },
      site: { lowerLimitOfNormal: 7, upperLimitOfNormal: 56 },
    })).toEqual({ lowerLimitOfNormal: 5, upperLimitOfNormal: 35, lowerLimitSource: 'RESULT', upperLimitSource: 'RESULT' });
  });

  it('falls back to the site\'s limits, then to the catalogue default', () => {
    expect(resolveReferenceRange('ALT', { result: {}, site: { lowerLimitOfNormal: 7, upperLimitOfNormal: 56 } }))
      .toEqual({ lowerLimitOfNormal: 7, upperLimitOfNormal: 56, lowerLimitSource: 'SITE', upperLimitSource: 'SITE' });
    expect(resolveReferenceRange('ALT'))
      .toEqual({ lowerLimitOfNormal: 7, upperLimitOfNormal: 41, lowerLimitSource: 'DEFAULT', upperLimitSource: 'DEFAULT' });
  });

  it('resolves each limit on its own, treating null as missing', () => {
    expect(resolveReferenceRange('ALP', {
      result: { lowerLimitOfNormal: null, upperLimitOfNormal: 120 },
      site: { lowerLimitOfNormal: 40, upperLimitOfNormal: null },
    })).toEqual({ lowerLimitOfNormal: 40, upperLimitOfNormal: 120, lowerLimitSource: 'SITE', upperLimitSource: 'RESULT' });
    expect(resolveReferenceRange('PLATELETS', { result: { lowerLimitOfNormal: 140 }, site: null }))
      .toEqual({ lowerLimitOfNormal: 140, upperLimitOfNormal: 415, lowerLimitSource: 'RESULT', upperLimitSource: 'DEFAULT' });
  });

  it('keeps a limit of 0 given by the laboratory', () => {
    expect(resolveReferenceRange('AST', { result: { lowerLimitOfNormal: 0, upperLimitOfNormal: 40 } }).lowerLimitOfNormal).toBe(0);
  });

  it('uses the sex-specific default when the sex is known, the union of both otherwise', () => {
    const { female, male } = ANALYTES.HEMOGLOBIN.defaultReferenceRange;
    expect(resolveReferenceRange('HEMOGLOBIN', { sex: 'MALE' })).toMatchObject({ ...male, lowerLimitSource: 'DEFAULT' });
    expect(resolveReferenceRange('HEMOGLOBIN', { sex: 'FEMALE' })).toMatchObject({ ...female });
    expect(resolveReferenceRange('HEMOGLOBIN', { sex: null })).toMatchObject({ lowerLimitOfNormal: 12.0, upperLimitOfNormal: 16.2 });
    expect(resolveReferenceRange('ALBUMIN', { sex: 'MALE' })).toMatchObject({ lowerLimitOfNormal: 4.0, upperLimitOfNormal: 5.0 });
  });
});
