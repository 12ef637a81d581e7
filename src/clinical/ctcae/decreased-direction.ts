/**
 * The decreased-direction lab terms (anaemia, platelet, white-cell and neutrophil counts,
 * hypoalbuminaemia), whose grade texts are identical in CTCAE v4.03 and v5.0
 * (specs/statistics.md §6.3): one table, cited to the version that uses it. Anemia and
 * Hypoalbuminemia are graded in g/L (§6.5) and reach at most grade 3 from the lab value alone.
 */
import type { LabCriterion } from './types.js';

/** The five criteria, each citing `document` (the CTCAE version) and the `transcription` its text was read from. */
export function decreasedDirectionCriteria(document: string, transcription: string): LabCriterion[] {
  return [
    {
      term: 'Anemia',
      systemOrganClass: 'Blood and lymphatic system disorders',
      analyte: 'HEMOGLOBIN',
      direction: 'DECREASED',
      unit: 'g/L',
      gradeTexts: {
        1: 'Hemoglobin (Hgb) <LLN - 10.0 g/dL; <LLN - 6.2 mmol/L; <LLN - 100 g/L',
        2: 'Hgb <10.0 - 8.0 g/dL; <6.2 - 4.9 mmol/L; <100 - 80g/L',
        3: 'Hgb <8.0 g/dL; <4.9 mmol/L; <80 g/L; transfusion indicated',
        4: 'Life-threatening consequences; urgent intervention indicated',
        5: 'Death',
      },
      thresholds: [
        { grade: 1, reference: 'LLN', times: 1, inclusive: false },
        { grade: 2, reference: 'ABSOLUTE', times: 100, inclusive: false },
        { grade: 3, reference: 'ABSOLUTE', times: 80, inclusive: false },
      ],
      source: `${document}, Blood and lymphatic system disorders: Anemia; ${transcription}`,
    },
    {
      term: 'Platelet count decreased',
      systemOrganClass: 'Investigations',
      analyte: 'PLATELETS',
      direction: 'DECREASED',
      unit: '10^9/L',
      gradeTexts: {
        1: '<LLN - 75,000/mm3; <LLN - 75.0 x 10e9 /L',
        2: '<75,000 - 50,000/mm3; <75.0 - 50.0 x 10e9 /L',
        3: '<50,000 - 25,000/mm3; <50.0 - 25.0 x 10e9 /L',
        4: '<25,000/mm3; <25.0 x 10e9 /L',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'LLN', times: 1, inclusive: false },
        { grade: 2, reference: 'ABSOLUTE', times: 75, inclusive: false },
        { grade: 3, reference: 'ABSOLUTE', times: 50, inclusive: false },
        { grade: 4, reference: 'ABSOLUTE', times: 25, inclusive: false },
      ],
      source: `${document}, Investigations: Platelet count decreased; ${transcription}`,
    },
    {
      term: 'White blood cell decreased',
      systemOrganClass: 'Investigations',
      analyte: 'LEUKOCYTES',
      direction: 'DECREASED',
      unit: '10^9/L',
      gradeTexts: {
        1: '<LLN - 3000/mm3; <LLN - 3.0 x 10e9 /L',
        2: '<3000 - 2000/mm3; <3.0 - 2.0 x 10e9 /L',
        3: '<2000 - 1000/mm3; <2.0 - 1.0 x 10e9 /L',
        4: '<1000/mm3; <1.0 x 10e9 /L',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'LLN', times: 1, inclusive: false },
        { grade: 2, reference: 'ABSOLUTE', times: 3, inclusive: false },
        { grade: 3, reference: 'ABSOLUTE', times: 2, inclusive: false },
        { grade: 4, reference: 'ABSOLUTE', times: 1, inclusive: false },
      ],
      source: `${document}, Investigations: White blood cell decreased; ${transcription}`,
    },
    {
      term: 'Neutrophil count decreased',
      systemOrganClass: 'Investigations',
      analyte: 'NEUTROPHILS',
      direction: 'DECREASED',
      unit: '10^9/L',
      gradeTexts: {
        1: '<LLN - 1500/mm3; <LLN - 1.5 x 10e9 /L',
        2: '<1500 - 1000/mm3; <1.5 - 1.0 x 10e9 /L',
        3: '<1000 - 500/mm3; <1.0 - 0.5 x 10e9 /L',
        4: '<500/mm3; <0.5 x 10e9 /L',
        5: '-',
      },
      thresholds: [
        { grade: 1, reference: 'LLN', times: 1, inclusive: false },
        { grade: 2, reference: 'ABSOLUTE', times: 1.5, inclusive: false },
        { grade: 3, reference: 'ABSOLUTE', times: 1, inclusive: false },
        { grade: 4, reference: 'ABSOLUTE', times: 0.5, inclusive: false },
      ],
      source: `${document}, Investigations: Neutrophil count decreased; ${transcription}`,
    },
    {
      term: 'Hypoalbuminemia',
      systemOrganClass: 'Metabolism and nutrition disorders',
      analyte: 'ALBUMIN',
      direction: 'DECREASED',
      unit: 'g/L',
      gradeTexts: {
        1: '<LLN - 3 g/dL; <LLN - 30 g/L',
        2: '<3 - 2 g/dL; <30 - 20 g/L',
        3: '<2 g/dL; <20 g/L',
        4: 'Life-threatening consequences; urgent intervention indicated',
        5: 'Death',
      },
      thresholds: [
        { grade: 1, reference: 'LLN', times: 1, inclusive: false },
        { grade: 2, reference: 'ABSOLUTE', times: 30, inclusive: false },
        { grade: 3, reference: 'ABSOLUTE', times: 20, inclusive: false },
      ],
      source: `${document}, Metabolism and nutrition disorders: Hypoalbuminemia; ${transcription}`,
    },
  ];
}
