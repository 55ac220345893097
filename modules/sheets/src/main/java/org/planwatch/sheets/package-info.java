/**
 * Spreadsheets in, checked reports out: reads progress reports
 * ({@link org.planwatch.sheets.ProgressSheet}) and catalog entries
 * ({@link org.planwatch.sheets.CatalogSheet}) from {@code .xlsx} (and {@code .xls}) and
 * {@code .csv} files, and checks every row against the publisher's input rules
 * ({@link org.planwatch.sheets.InputRules}).
 *
 * <p>
 * Pure functions of the file's bytes, its name and the
 * {@link org.planwatch.sheets.ReadOptions}: no HTTP, no files, no Spring. The importer
 * CLI and the publisher's upload page both call these, so a clerk sees the same
 * row-by-row report wherever the file goes in.
 *
 * <p>
 * Every bad row is reported ({@link org.planwatch.sheets.Problem}: Excel row number,
 * column as headed in the file, message in Chinese and English); reading never stops at
 * the first problem.
 */
package org.planwatch.sheets;
