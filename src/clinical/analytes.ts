/**
 * The analyte catalogue: every lab the API accepts, with its label, canonical unit (the unit
 * values are stored and graded in, as api-contract.md fixes them), the LOINC codes a CSV import
 * may use instead of the name, and a default adult reference range.
 *
 * The default range is the last fallback of resolveReferenceRange(): a result's own LLN/ULN
 * comes first, then the site's, and only then this row. Ranges differ between laboratories
 * (method, population), so a default is a stand-in, never a claim about a site's assay.
 *
 * LOINC codes and long common names: LOINC, Regenstrief Institute (https://loinc.org). The
 * first code of each row is the one a conventional-unit serum/blood result carries; the others
 * are the same quantity by another method or in molar units (which toCanonical() converts).
 *
 * Reference ranges: transcribed from Kratz A et al., "Laboratory Values of Clinical
 * Importance", Harrison's Principles of Internal Medicine, 19th ed. (McGraw-Hill, 2015),
 * Appendix, Tables 1 (clinical chemistry) and 2 (hematology), except INR (see its row). They
 * were not re-checked against the printed tables in this repository; a site's ranges always
 * take precedence.
 */

export const ANALYTE_NAMES = [
  'ALBUMIN', 'ALP', 'AST', 'ALT', 'BILIRUBIN', 'HEMOGLOBIN',
  'PLATELETS', 'LEUKOCYTES', 'NEUTROPHILS', 'CREATININE', 'INR',
] as const;

export type AnalyteName = (typeof ANALYTE_NAMES)[number];

export interface LoincCode {
  readonly code: string;
  /** LOINC long common name. */
  readonly longName: string;
}

export interface ReferenceInterval {
  readonly lowerLimitOfNormal: number;
  readonly upperLimitOfNormal: number;
}

export interface DefaultReferenceRange extends ReferenceInterval {
  /**
   * Sex-specific intervals where the source gives them. The top-level interval is then their
   * union (lowest LLN, highest ULN), used when the patient's sex is not given, so that no
   * value normal for either sex is called abnormal.
   */
  readonly female?: ReferenceInterval;
  readonly male?: ReferenceInterval;
  readonly source: string;
}

export interface Analyte {
  readonly name: AnalyteName;
  readonly label: string;
  /** The unit values are stored and graded in (api-contract.md). */
  readonly canonicalUnit: string;
  /** The first code is the primary one. */
  readonly loinc: readonly LoincCode[];
  readonly defaultReferenceRange: DefaultReferenceRange;
}

const HARRISON_CHEMISTRY = 'Kratz A et al., Laboratory Values of Clinical Importance, Harrison\'s Principles of Internal Medicine 19th ed. (2015), Appendix Table 1 (clinical chemistry)';
const HARRISON_HEMATOLOGY = 'Kratz A et al., Laboratory Values of Clinical Importance, Harrison\'s Principles of Internal Medicine 19th ed. (2015), Appendix Table 2 (hematology)';

export const ANALYTES: Readonly<Record<AnalyteName, Analyte>> = {
  ALBUMIN: {
    name: 'ALBUMIN',
    label: 'Albumin',
    canonicalUnit: 'g/dL',
    loinc: [
      { code: '1751-7', longName: 'Albumin [Mass/volume] in Serum or Plasma' },
      { code: '61151-7', longName: 'Albumin [Mass/volume] in Serum or Plasma by Bromocresol green (BCG) dye binding method' },
      { code: '61152-5', longName: 'Albumin [Mass/volume] in Serum or Plasma by Bromocresol purple (BCP) dye binding method' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 4.0, upperLimitOfNormal: 5.0, source: `${HARRISON_CHEMISTRY}: albumin 40–50 g/L (4.0–5.0 g/dL)` },
  },
  ALP: {
    name: 'ALP',
    label: 'Alkaline phosphatase',
    canonicalUnit: 'U/L',
    loinc: [{ code: '6768-6', longName: 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma' }],
    defaultReferenceRange: { lowerLimitOfNormal: 33, upperLimitOfNormal: 96, source: `${HARRISON_CHEMISTRY}: alkaline phosphatase 33–96 U/L` },
  },
  AST: {
    name: 'AST',
    label: 'Aspartate aminotransferase',
    canonicalUnit: 'U/L',
    loinc: [
      { code: '1920-8', longName: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
      { code: '30239-8', longName: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma by With P-5\'-P' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 12, upperLimitOfNormal: 38, source: `${HARRISON_CHEMISTRY}: aspartate aminotransferase 12–38 U/L` },
  },
  ALT: {
    name: 'ALT',
    label: 'Alanine aminotransferase',
    canonicalUnit: 'U/L',
    loinc: [
      { code: '1742-6', longName: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma' },
      { code: '1743-4', longName: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by With P-5\'-P' },
      { code: '1744-2', longName: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by No addition of P-5\'-P' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 7, upperLimitOfNormal: 41, source: `${HARRISON_CHEMISTRY}: alanine aminotransferase 7–41 U/L` },
  },
  BILIRUBIN: {
    name: 'BILIRUBIN',
    label: 'Total bilirubin',
    canonicalUnit: 'mg/dL',
    loinc: [
      { code: '1975-2', longName: 'Bilirubin.total [Mass/volume] in Serum or Plasma' },
      { code: '14631-6', longName: 'Bilirubin.total [Moles/volume] in Serum or Plasma' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 0.3, upperLimitOfNormal: 1.3, source: `${HARRISON_CHEMISTRY}: bilirubin, total 5.1–22 µmol/L (0.3–1.3 mg/dL)` },
  },
  HEMOGLOBIN: {
    name: 'HEMOGLOBIN',
    label: 'Hemoglobin',
    canonicalUnit: 'g/dL',
    loinc: [
      { code: '718-7', longName: 'Hemoglobin [Mass/volume] in Blood' },
      { code: '59260-0', longName: 'Hemoglobin [Moles/volume] in Blood' },
    ],
    defaultReferenceRange: {
      lowerLimitOfNormal: 12.0,
      upperLimitOfNormal: 16.2,
      female: { lowerLimitOfNormal: 12.0, upperLimitOfNormal: 15.8 },
      male: { lowerLimitOfNormal: 13.3, upperLimitOfNormal: 16.2 },
      source: `${HARRISON_HEMATOLOGY}: hemoglobin female 120–158 g/L (12.0–15.8 g/dL), male 133–162 g/L (13.3–16.2 g/dL)`,
    },
  },
  PLATELETS: {
    name: 'PLATELETS',
    label: 'Platelet count',
    canonicalUnit: '10^9/L',
    loinc: [
      { code: '777-3', longName: 'Platelets [#/volume] in Blood by Automated count' },
      { code: '26515-7', longName: 'Platelets [#/volume] in Blood' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 165, upperLimitOfNormal: 415, source: `${HARRISON_HEMATOLOGY}: platelet count 165–415 × 10^9/L` },
  },
  LEUKOCYTES: {
    name: 'LEUKOCYTES',
    label: 'Leukocyte (white blood cell) count',
    canonicalUnit: '10^9/L',
    loinc: [
      { code: '6690-2', longName: 'Leukocytes [#/volume] in Blood by Automated count' },
      { code: '26464-8', longName: 'Leukocytes [#/volume] in Blood' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 3.54, upperLimitOfNormal: 9.06, source: `${HARRISON_HEMATOLOGY}: leukocytes, total 3.54–9.06 × 10^9/L` },
  },
  NEUTROPHILS: {
    name: 'NEUTROPHILS',
    label: 'Absolute neutrophil count',
    canonicalUnit: '10^9/L',
    loinc: [
      { code: '751-8', longName: 'Neutrophils [#/volume] in Blood by Automated count' },
      { code: '26499-4', longName: 'Neutrophils [#/volume] in Blood' },
      { code: '753-4', longName: 'Neutrophils [#/volume] in Blood by Manual count' },
    ],
    defaultReferenceRange: { lowerLimitOfNormal: 1.42, upperLimitOfNormal: 6.34, source: `${HARRISON_HEMATOLOGY}: neutrophils 1.42–6.34 × 10^9/L` },
  },
  CREATININE: {
    name: 'CREATININE',
    label: 'Creatinine',
    canonicalUnit: 'mg/dL',
    loinc: [
      { code: '2160-0', longName: 'Creatinine [Mass/volume] in Serum or Plasma' },
      { code: '14682-9', longName: 'Creatinine [Moles/volume] in Serum or Plasma' },
    ],
    defaultReferenceRange: {
      lowerLimitOfNormal: 0.5,
      upperLimitOfNormal: 1.2,
      female: { lowerLimitOfNormal: 0.5, upperLimitOfNormal: 0.9 },
      male: { lowerLimitOfNormal: 0.6, upperLimitOfNormal: 1.2 },
      source: `${HARRISON_CHEMISTRY}: creatinine female 44–80 µmol/L (0.5–0.9 mg/dL), male 53–106 µmol/L (0.6–1.2 mg/dL)`,
    },
  },
  INR: {
    name: 'INR',
    label: 'International normalized ratio',
    canonicalUnit: '1',
    loinc: [
      { code: '6301-6', longName: 'INR in Platelet poor plasma by Coagulation assay' },
      { code: '34714-6', longName: 'INR in Blood by Coagulation assay' },
      { code: '46418-0', longName: 'INR in Capillary blood by Coagulation assay' },
    ],
    defaultReferenceRange: {
      lowerLimitOfNormal: 0.8,
      upperLimitOfNormal: 1.2,
      source: 'Williams Manual of Hematology (McGraw-Hill), table "Laboratory Variables Relevant to Hematologic Diagnosis (Normal Adult Values)": INR 0.8–1.2 (hemonc.mhmedical.com/content.aspx?bookid=1783&sectionid=121724136)',
    },
  },
};

const analytesByNameOrLoinc: ReadonlyMap<string, Analyte> = new Map(
  Object.values(ANALYTES).flatMap((analyte) => [
    [analyte.name, analyte] as const,
    ...analyte.loinc.map(({ code }) => [code, analyte] as const),
  ]),
);

/**
 * The analyte named (case-insensitive, surrounding blanks ignored) or coded by a LOINC code
 * of the catalogue, as the labs.csv `analyte` column allows; null for anything else.
 */
export function resolveAnalyte(nameOrLoinc: string): Analyte | null {
  return analytesByNameOrLoinc.get(nameOrLoinc.trim().toUpperCase()) ?? null;
}
