// The ingest library: files → per-arm statistics. Shared by the UI (through the worker), tests and scripts.
export { aggregateExperimentData, auditAssignment, type JsonImportOptions } from './json-import.ts';
export {
  aggregateCsvEvents,
  aggregateCsvUnits,
  type CsvOptions,
  type CsvUnitMapping,
  missingDenominatorReason,
  missingPrePeriodReason,
  missingValueReason,
  REPEATED_UNIT_CHOICES,
  type RepeatedUnits,
} from './csv-import.ts';
export { denominatorProblems, prePeriodProblems, type MappingProblem } from './unit-covariates.ts';
export { serveCsvParsing } from './csv-parser-service.ts';
export type { ParserPort } from './csv-parser-protocol.ts';
export {
  detectCsvShape,
  normaliseColumn,
  prePeriodBase,
  proposeColumnMapping,
  proposePreColumns,
  proposeUnitMapping,
  type CsvEventField,
  type CsvEventMapping,
  type CsvShape,
  type ProposedMapping,
  type ProposedUnitMapping,
  type UnitMappingField,
} from './csv-mapping.ts';
export { previewCsv, type CsvPreview, type PreviewOptions } from './csv-preview.ts';
export { aggregateSummaryCsv } from './summary-import.ts';
export { typedSummaryData } from './typed-summary-data.ts';
export {
  validateTypedSummary,
  type NormalisedArm,
  type SummaryProblem,
  type TypedArm,
  type TypedSummaryResult,
} from './typed-summary.ts';
export { IngestError, type IngestErrorCode } from './errors.ts';
export {
  assignArms,
  proposeArmAssignment,
  type ArmAssignment,
  type ArmMatch,
  type ArmOptions,
  type FoundArmLabel,
} from './arm-matching.ts';
export type * from './types.ts';
export {
  emptyLedger,
  generateSampleLines,
  SAMPLE_EXPERIMENT,
  SAMPLE_TRUTH,
  type SampleLedger,
  type SampleOptions,
} from './sample-data.ts';
