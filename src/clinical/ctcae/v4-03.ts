/**
 * NCI Common Terminology Criteria for Adverse Events (CTCAE) version 4.03, published
 * June 14, 2010: the terms this API grades. Data only; grade.ts reads it.
 *
 * Grade texts are verbatim from the NCI CTCAE v4.03 spreadsheet as transcribed in
 * pharmaverse/admiral data-raw/adlb_grading/ncictcaev4.json (commit 6eb5125a, read for
 * specs/statistics.md §6). The thresholds are this project's reading of those texts, with the
 * range semantics of types.ts. Differences from v5.0 (§6.1, §6.2): the liver terms use
 * multiples of ULN only, whatever the baseline; creatinine grade 1 also counts ">1 - 1.5 x
 * baseline"; INR is graded in multiples of ULN, not on absolute values. The decreased-direction
 * terms read as in v5.0: Anemia and Hypoalbuminemia are graded in g/L (§6.5) and reach at most
 * grade 3 from the lab value alone.
 */
import type { CtcaeCriteria, GradeThreshold } from './types.js';
import { decreasedDirectionCriteria } from './decreased-direction.js';

const DOCUMENT = 'NCI CTCAE v4.03 (Jun 14 2010)';
const TRANSCRIPTION = 'text as transcribed in pharmaverse/admiral data-raw/adlb_grading/ncictcaev4.json';

const aminotransferase: readonly GradeThreshold[] = [
  { grade: 1, reference: 'ULN', times: 1, inclusive: false },
  { grade: 2, reference: 'ULN', times: 3, inclusive: false },
  { grade: 3, reference: 'ULN', times: 5, inclusive: false },
  { grade: 4, reference: 'ULN', times: 20, inclusive: false },
];

export const CTCAE_V4_03: CtcaeCriteria = {
  version: 'V4_03',
  document: DOCUMENT,
  labs: [
    {
      term: 'Alanine aminotransferase increased',
      systemOrganClass: 'Investigations',
      analyte: 'ALT',
      direction: 'INCREASED',
      unit: 'U/L',
      gradeTexts: {
        1: '>ULN - 3.0 x ULN',
        2: '>3.0 - 5.0 x ULN',
        3: '>5.0 - 20.0 x ULN',
        4: '>20.0 x ULN',
        5: '-',
      },
      thresholds: aminotransferase,
      source: `${DOCUMENT}, Investigations: Alanine aminotransferase increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'Aspartate aminotransferase increased',
      systemOrganClass: 'Investigations',
      analyte: 'AST',
      direction: 'INCREASED',
      unit: 'U/L',
      gradeTexts: {
        1: '>ULN - 3.0 x ULN',
        2: '>3.0 - 5.0 x ULN',
        3: '>5.0 - 20.0 x ULN',
        4: '>20.0 x ULN',
        5: '-',
      },
      thresholds: aminotransferase,
      source: `${DOCUMENT}, Investigations: Aspartate aminotransferase increased; ${TRANSCRIPTION}`,
    },
    {
      term: 'Alkaline phosphatase increased',
      systemOrganClass: 'Investigations',
      analyte: 'ALP',
      direction: 'INCREASED',
      unit: 'U/L',
      gradeTexts: {
        1: '>ULN - 2.5 x ULN',
        2: '>2.5 - 5.0 x ULN',
        3: '>5.0 - 20.0 x ULN',
        4: '>20.0 x ULN',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ULN', times: 1, inclusive: false },
        { grade: 2, reference: 'ULN', times: 2.5, inclusive: false },
        { grade: 3, reference: 'ULN', times: 5, inclusive: false },
        { grade: 4, reference: 'ULN', times: 20, inclusive: false },
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
        1: '>ULN - 1.5 x ULN',
        2: '>1.5 - 3.0 x ULN',
        3: '>3.0 - 10.0 x ULN',
        4: '>10.0 x ULN',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ULN', times: 1, inclusive: false },
        { grade: 2, reference: 'ULN', times: 1.5, inclusive: false },
        { grade: 3, reference: 'ULN', times: 3, inclusive: false },
        { grade: 4, reference: 'ULN', times: 10, inclusive: false },
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
        1: '>1 - 1.5 x baseline; >ULN - 1.5 x ULN',
        2: '>1.5 - 3.0 x baseline; >1.5 - 3.0 x ULN',
        3: '>3.0 baseline; >3.0 - 6.0 x ULN',
        4: '>6.0 x ULN',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'BASELINE', times: 1, inclusive: false },
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
        1: '>1 - 1.5 x ULN; >1 - 1.5 times above baseline if on anticoagulation',
        2: '>1.5 - 2.5 x ULN; >1.5 - 2.5 times above baseline if on anticoagulation',
        3: '>2.5 x ULN; >2.5 times above baseline if on anticoagulation',
        4: '-',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'ULN', times: 1, inclusive: false },
        { grade: 1, reference: 'BASELINE', times: 1, inclusive: false, onlyOnAnticoagulation: true },
        { grade: 2, reference: 'ULN', times: 1.5, inclusive: false },
        { grade: 2, reference: 'BASELINE', times: 1.5, inclusive: false, onlyOnAnticoagulation: true },
        { grade: 3, reference: 'ULN', times: 2.5, inclusive: false },
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
