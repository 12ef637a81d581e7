/**
 * NCI Common Terminology Criteria for Adverse Events (CTCAE) version 5.0, published
 * November 27, 2017: the terms this API grades. Data only; grade.ts reads it.
 *
 * Grade texts are verbatim from the NCI CTCAE v5.0 spreadsheet as transcribed in
 * pharmaverse/admiral data-raw/adlb_grading/ncictcaev5.json (commit 6eb5125a, read for
 * specs/statistics.md §6). The thresholds are this project's reading of those texts, with the
 * range semantics of types.ts. Anemia and Hypoalbuminemia are graded in g/L, the unit of their
 * exact printed cut-offs; the mmol/L hemoglobin cut-offs (6.2, 4.9) are rounded and disagree
 * with g/dL at the boundary (§6.5). Grade 4 of both is clinical, so their lab-only maximum is 3.
 */
import type { CtcaeCriteria, GradeThreshold } from './types.js';
import { decreasedDirectionCriteria } from './decreased-direction.js';

const DOCUMENT = 'NCI CTCAE v5.0 (Nov 27 2017)';
const TRANSCRIPTION = 'text as transcribed in pharmaverse/admiral data-raw/adlb_grading/ncictcaev5.json';

const aminotransferaseIfBaselineNormal: readonly GradeThreshold[] = [
  { grade: 1, reference: 'ULN', times: 1, inclusive: false },
  { grade: 2, reference: 'ULN', times: 3, inclusive: false },
  { grade: 3, reference: 'ULN', times: 5, inclusive: false },
  { grade: 4, reference: 'ULN', times: 20, inclusive: false },
];
const aminotransferaseIfBaselineAbnormal: readonly GradeThreshold[] = [
  { grade: 1, reference: 'BASELINE', times: 1.5, inclusive: true },
  { grade: 2, reference: 'BASELINE', times: 3, inclusive: false },
  { grade: 3, reference: 'BASELINE', times: 5, inclusive: false },
  { grade: 4, reference: 'BASELINE', times: 20, inclusive: false },
];

export const CTCAE_V5_0: CtcaeCriteria = {
  version: 'V5_0',
  document: DOCUMENT,
  labs: [
    {
      term: 'Alanine aminotransferase increased',
      systemOrganClass: 'Investigations',
      analyte: 'ALT',
      direction: 'INCREASED',
      unit: 'U/L',
      gradeTexts: {
        1: '>ULN - 3.0 x ULN if baseline was normal; 1.5 - 3.0 x baseline if baseline was abnormal',
        2: '>3.0 - 5.0 x ULN if baseline was normal; >3.0 - 5.0 x baseline if baseline was abnormal',
        3: '>5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was abnormal',
        4: '>20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal',
        5: '-',
      },
      thresholds: aminotransferaseIfBaselineNormal,
      thresholdsIfBaselineAbnormal: aminotransferaseIfBaselineAbnormal,
      source: `${DOCUMENT}, Investigations: Alanine aminotransferase increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'Aspartate aminotransferase increased',
      systemOrganClass: 'Investigations',
      analyte: 'AST',
      direction: 'INCREASED',
      unit: 'U/L',
      gradeTexts: {
        1: '>ULN - 3.0 x ULN if baseline was normal; 1.5 - 3.0 x baseline if baseline was abnormal',
        2: '>3.0 - 5.0 x ULN if baseline was normal; >3.0 - 5.0 x baseline if baseline was abnormal',
        3: '>5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was abnormal',
        4: '>20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal',
        5: '-',
      },
      thresholds: aminotransferaseIfBaselineNormal,
      thresholdsIfBaselineAbnormal: aminotransferaseIfBaselineAbnormal,
      source: `${DOCUMENT}, Investigations: Aspartate aminotransferase increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'Alkaline phosphatase increased',
      systemOrganClass: 'Investigations',
      analyte: 'ALP',
      direction: 'INCREASED',
      unit: 'U/L',
      gradeTexts: {
        1: '>ULN - 2.5 x ULN if baseline was normal; 2.0 - 2.5 x baseline if baseline was abnormal',
        2: '>2.5 - 5.0 x ULN if baseline was normal; >2.5 - 5.0 x baseline if baseline was abnormal',
        3: '>5.0 - 20.0 x ULN if baseline was normal; >5.0 - 20.0 x baseline if baseline was abnormal',
        4: '>20.0 x ULN if baseline was normal; >20.0 x baseline if baseline was abnormal',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ULN', times: 1, inclusive: false },
        { grade: 2, reference: 'ULN', times: 2.5, inclusive: false },
        { grade: 3, reference: 'ULN', times: 5, inclusive: false },
        { grade: 4, reference: 'ULN', times: 20, inclusive: false },
      ],
      thresholdsIfBaselineAbnormal: [
        { grade: 1, reference: 'BASELINE', times: 2, inclusive: true },
        { grade: 2, reference: 'BASELINE', times: 2.5, inclusive: false },
        { grade: 3, reference: 'BASELINE', times: 5, inclusive: false },
        { grade: 4, reference: 'BASELINE', times: 20, inclusive: false },
      ],
      source: `${DOCUMENT}, Investigations: Alkaline phosphatase increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'Blood bilirubin increased',
      systemOrganClass: 'Investigations',
      analyte: 'BILIRUBIN',
      direction: 'INCREASED',
      unit: 'mg/dL',
      gradeTexts: {
        1: '>ULN - 1.5 x ULN if baseline was normal; > 1.0 - 1.5 x baseline if baseline was abnormal',
        2: '>1.5 - 3.0 x ULN if baseline was normal; >1.5 - 3.0 x baseline if baseline was abnormal',
        3: '>3.0 - 10.0 x ULN if baseline was normal; >3.0 - 10.0 x baseline if baseline was abnormal',
        4: '>10.0 x ULN if baseline was normal; >10.0 x baseline if baseline was abnormal',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ULN', times: 1, inclusive: false },
        { grade: 2, reference: 'ULN', times: 1.5, inclusive: false },
        { grade: 3, reference: 'ULN', times: 3, inclusive: false },
        { grade: 4, reference: 'ULN', times: 10, inclusive: false },
      ],
      thresholdsIfBaselineAbnormal: [
        { grade: 1, reference: 'BASELINE', times: 1, inclusive: false },
        { grade: 2, reference: 'BASELINE', times: 1.5, inclusive: false },
        { grade: 3, reference: 'BASELINE', times: 3, inclusive: false },
        { grade: 4, reference: 'BASELINE', times: 10, inclusive: false },
      ],
      source: `${DOCUMENT}, Investigations: Blood bilirubin increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'Creatinine increased',
      systemOrganClass: 'Investigations',
      analyte: 'CREATININE',
      direction: 'INCREASED',
      unit: 'mg/dL',
      gradeTexts: {
        1: '>ULN - 1.5 x ULN',
        2: '>1.5 - 3.0 x baseline; >1.5 - 3.0 x ULN',
        3: '>3.0 baseline; >3.0 - 6.0 x ULN',
        4: '>6.0 x ULN',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ULN', times: 1, inclusive: false },
        { grade: 2, reference: 'BASELINE', times: 1.5, inclusive: false },
        { grade: 2, reference: 'ULN', times: 1.5, inclusive: false },
        { grade: 3, reference: 'BASELINE', times: 3, inclusive: false },
        { grade: 3, reference: 'ULN', times: 3, inclusive: false },
        { grade: 4, reference: 'ULN', times: 6, inclusive: false },
      ],
      source: `${DOCUMENT}, Investigations: Creatinine increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'INR increased',
      systemOrganClass: 'Investigations',
      analyte: 'INR',
      direction: 'INCREASED',
      unit: '1',
      gradeTexts: {
        1: '>1.2 - 1.5; >1 - 1.5 x baseline if on anticoagulation; monitoring only indicated',
        2: '>1.5 - 2.5; >1.5 - 2.5 x baseline if on anticoagulation; dose adjustment indicated',
        3: '>2.5; >2.5 times above baseline if on anticoagulation',
        4: '-',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ABSOLUTE', times: 1.2, inclusive: false },
        { grade: 1, reference: 'BASELINE', times: 1, inclusive: false, onlyOnAnticoagulation: true },
        { grade: 2, reference: 'ABSOLUTE', times: 1.5, inclusive: false },
        { grade: 2, reference: 'BASELINE', times: 1.5, inclusive: false, onlyOnAnticoagulation: true },
        { grade: 3, reference: 'ABSOLUTE', times: 2.5, inclusive: false },
        { grade: 3, reference: 'BASELINE', times: 2.5, inclusive: false, onlyOnAnticoagulation: true },
      ],
      source: `${DOCUMENT}, Investigations: INR increased; ${TRANSCRIPTION}`,
    },
    ...decreasedDirectionCriteria(DOCUMENT, TRANSCRIPTION),
  ],
  ascites: {
    term: 'Ascites',
    systemOrganClass: 'Gastrointestinal disorders',
    gradeTexts: {
      1: 'Asymptomatic; clinical or diagnostic observations only; intervention not indicated',
      2: 'Symptomatic; medical intervention indicated',
      3: 'Severe symptoms; invasive intervention indicated',
      4: 'Life-threatening consequences; urgent operative intervention indicated',
      5: 'Death',
    },
    gradeBySymptoms: { NONE: 1, SYMPTOMATIC: 2, SEVERE: 3, LIFE_THREATENING: 4 },
    gradeByIntervention: { NONE: 1, MEDICAL: 2, INVASIVE: 3, URGENT_OPERATIVE: 4 },
    source: `${DOCUMENT}, Gastrointestinal disorders: Ascites; text from specs/statistics.md §6.4, not yet checked against the NCI document`,
  },
};
