/**
 * A supervision bulletin (督查通报) turned into documents:
 * {@link org.planwatch.bulletins.BulletinFigures} is what every rendering shows,
 * {@link org.planwatch.bulletins.BulletinPdf} the filed A4 PDF with an embedded Chinese
 * font ({@link org.planwatch.bulletins.CjkFont}),
 * {@link org.planwatch.bulletins.BulletinXlsx} the workbook.
 *
 * <p>
 * Pure functions of the bulletin record and the {@link org.planwatch.bulletins.Names}: no
 * Kafka, no HTTP, no Spring. The publisher makes, keeps and serves bulletins; this
 * package only renders one.
 */
package org.planwatch.bulletins;
