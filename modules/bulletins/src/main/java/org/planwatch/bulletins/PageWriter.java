package org.planwatch.bulletins;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.util.Matrix;

/**
 * A top-to-bottom flow of text on A4 pages: wrapped lines, tables whose header repeats on
 * each page, a new page when the next block does not fit, "第 n 页" at the foot and an
 * optional mark (草稿) across every page. PDFBox has no layout of its own, and this is all
 * a bulletin needs.
 */
final class PageWriter implements Closeable {

    /**
     * Columns of a table as widths in points, from the left margin; cells wrap within
     * their column.
     */
    record Table(float[] widths, float size, String... header) {
    }

    static final float BODY = 10.5f;
    static final float SMALL = 9;

    private static final PDRectangle PAGE = PDRectangle.A4;

    private static final float MARGIN = 50;

    private static final float FOOT = 30;

    private static final float LEADING = 1.5f;

    private static final float PAD = 3;

    private final PDDocument document;

    private final PDType0Font font;

    private final Glyphs glyphs;

    private final String mark;

    private PDPageContentStream out;

    private float y;

    private int pages;

    private Table table;

    PageWriter(PDDocument document, PDType0Font font, String mark) {
        this.document = document;
        this.font = font;
        this.glyphs = new Glyphs(font);
        this.mark = mark;
    }

    static float width() {
        return PAGE.getWidth() - 2 * MARGIN;
    }

    /** A line centred on the page. */
    void centred(String text, float size) throws IOException {
        String line = glyphs.printable(text);
        room(size * LEADING);
        show(line, (PAGE.getWidth() - glyphs.width(line, size)) / 2, size);
        y -= size * LEADING;
    }

    /** Wrapped text; lines after the first are indented by {@code hang} points. */
    void text(String text, float size, float indent, float hang) throws IOException {
        boolean first = true;
        for (String line : glyphs.wrap(text, size, width() - indent - hang)) {
            room(size * LEADING);
            show(line, MARGIN + indent + (first ? 0 : hang), size);
            y -= size * LEADING;
            first = false;
        }
    }

    /**
     * Moves to a new page unless this much is left, so a heading does not end a page
     * alone.
     */
    void keep(float height) throws IOException {
        room(height);
    }

    void gap(float points) {
        y -= points;
    }

    /**
     * Starts a table with its header row; {@link #row} adds to it until
     * {@link #endTable}.
     */
    void table(Table columns) throws IOException {
        table = columns;
        header();
    }

    void row(String... cells) throws IOException {
        List<List<String>> wrapped = cells(cells);
        float height = height(wrapped);
        if (room(height)) {
            header();
        }
        draw(wrapped, height);
        out.setStrokingColor(0.8f);
        out.setLineWidth(0.4f);
        rule();
    }

    void endTable() {
        table = null;
        y -= BODY / 2;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void header() throws IOException {
        List<List<String>> wrapped = cells(table.header());
        float height = height(wrapped);
        room(height + table.size() * 2 * LEADING);
        out.setNonStrokingColor(0.92f);
        out.addRect(MARGIN, y - height, width(), height);
        out.fill();
        out.setNonStrokingColor(0f);
        draw(wrapped, height);
        out.setStrokingColor(0.4f);
        out.setLineWidth(0.6f);
        rule();
    }

    private List<List<String>> cells(String[] cells) {
        List<List<String>> wrapped = new ArrayList<>(cells.length);
        for (int c = 0; c < table.widths().length; c++) {
            String cell = c < cells.length && cells[c] != null ? cells[c] : "";
            wrapped.add(glyphs.wrap(cell, table.size(), table.widths()[c] - 2 * PAD));
        }
        return wrapped;
    }

    private float height(List<List<String>> wrapped) {
        int lines = wrapped.stream().mapToInt(List::size).max().orElse(1);
        return lines * table.size() * LEADING + 2 * PAD;
    }

    private void draw(List<List<String>> wrapped, float height) throws IOException {
        float x = MARGIN;
        for (int c = 0; c < wrapped.size(); c++) {
            float lineY = y - PAD;
            for (String line : wrapped.get(c)) {
                lineY -= table.size() * LEADING;
                showAt(line, x + PAD, lineY + table.size() * (LEADING - 1), table.size());
            }
            x += table.widths()[c];
        }
        y -= height;
    }

    private void rule() throws IOException {
        out.moveTo(MARGIN, y);
        out.lineTo(MARGIN + width(), y);
        out.stroke();
    }

    /** Makes room for a block of this height; true when that took a new page. */
    private boolean room(float height) throws IOException {
        if (out != null && y - height >= MARGIN + FOOT / 2) {
            return false;
        }
        close();
        PDPage page = new PDPage(PAGE);
        document.addPage(page);
        pages++;
        out = new PDPageContentStream(document, page);
        if (mark != null) {
            watermark();
        }
        String number = "第 " + pages + " 页";
        showAt(number, (PAGE.getWidth() - glyphs.width(number, SMALL)) / 2, FOOT, SMALL);
        y = PAGE.getHeight() - MARGIN;
        return true;
    }

    /**
     * Drawn first, in light grey, so every line of the page stays readable on top of it.
     */
    private void watermark() throws IOException {
        float size = 110;
        String text = glyphs.printable(mark);
        float w = glyphs.width(text, size);
        out.setNonStrokingColor(0.88f);
        out.beginText();
        out.setFont(font, size);
        double angle = Math.toRadians(45);
        float cx = PAGE.getWidth() / 2;
        float cy = PAGE.getHeight() / 2;
        float x = (float) (cx - Math.cos(angle) * w / 2 + Math.sin(angle) * size / 3);
        float yy = (float) (cy - Math.sin(angle) * w / 2 - Math.cos(angle) * size / 3);
        out.setTextMatrix(Matrix.getRotateInstance(angle, x, yy));
        out.showText(text);
        out.endText();
        out.setNonStrokingColor(0f);
    }

    private void show(String printable, float x, float size) throws IOException {
        showAt(printable, x, y - size, size);
    }

    private void showAt(String printable, float x, float baseline, float size) throws IOException {
        if (printable.isEmpty()) {
            return;
        }
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, baseline);
        out.showText(printable);
        out.endText();
    }

}
