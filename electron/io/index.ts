/** Imports and exports of pmdesk data (positions CSV, venue exports, JSON files). See docs/formats.md. */
export * from './import-report';
export { parsePositionsCsv, type ImportedPosition } from './csv-positions';
export { genericFormat, deribitFormat, okxFormat, bybitFormat, venueFormat, okxSymbol, bybitSymbol, OKX_CONTRACT_VALUES, type ColumnMapping, type PositionFormat, type VenueFormatId } from './venue-formats';
export { parsePortfolioJson, parseSnapshotJson, parseScenarioSetJson, parseParameterSetJson, parseTradeListJson, MAX_JSON_DEPTH, type PortfolioFile, type TradeFileEntry } from './json-formats';
export { convertDeribitBookSummary, isDeribitBookSummary, type VenueMarketOptions, type VenueMarketConversion } from './venue-market-data';
export { importPositions, type ImportOptions, type ImportProgress, type ImportOutcome, type ImportTarget, type PositionSource } from './import-positions';
export { importDocument, validateDocument, type DocumentFileKind, type DocumentImportOutcome } from './import-documents';
export { exportPortfolioJson, exportPositionsCsv, exportDocumentJson, POSITIONS_CSV_COLUMNS, POSITIONS_CSV_MAPPING } from './exporters';
