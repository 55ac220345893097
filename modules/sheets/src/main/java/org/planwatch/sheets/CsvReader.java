package org.planwatch.sheets;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as Excel and WPS write it: comma-separated (tab-separated when the header
 * has tabs and no commas), quoted per RFC 4180, in UTF-8 with or without BOM, or in
 * GB18030 (Excel's "CSV" on Chinese Windows, a superset of GBK and GB2312), or UTF-16
 * with a BOM ("Unicode text").
 */
final class CsvReader {

    static final Charset GB18030 = Charset.forName("GB18030");

    private CsvReader() {
    }

    static Table read(byte[] content) throws Table.UnreadableFileException {
        String text = decode(content);
        char delimiter = delimiter(text);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
        List<String> header = null;
        List<Table.Line> rows = new ArrayList<>();
        long lastGood = 0;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get()) {
            for (CSVRecord record : parser) {
                lastGood = record.getRecordNumber();
                List<Cell> cells = record.stream().map(Cell::text).toList();
                if (header == null) {
                    header = cells.stream().map(Cell::text).toList();
                    continue;
                }
                if (cells.stream().allMatch(Cell::blank)) {
                    continue;
                }
                if (rows.size() == Table.MAX_ROWS) {
                    throw new Table.UnreadableFileException("数据行超过 " + Table.MAX_ROWS + " 行，请拆分文件",
                            "more than " + Table.MAX_ROWS + " data rows; split the file");
                }
                // A record is an Excel row even when a quoted cell spans several lines.
                rows.add(new Table.Line((int) record.getRecordNumber(), cells));
            }
        }
        catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new Table.UnreadableFileException("CSV 格式错误（第 " + (lastGood + 1) + " 行附近）：" + e.getMessage(),
                    "malformed CSV near row " + (lastGood + 1) + ": " + e.getMessage());
        }
        return new Table(header == null ? List.of() : header, rows);
    }

    /**
     * The file's text: a BOM says UTF-8 or UTF-16; without one, UTF-8 if the bytes are
     * valid UTF-8 (GB18030 text with Chinese in it practically never is), else GB18030.
     */
    static String decode(byte[] content) {
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf) {
            return new String(content, 3, content.length - 3, StandardCharsets.UTF_8);
        }
        if (content.length >= 2 && (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xfe) {
            return new String(content, 2, content.length - 2, StandardCharsets.UTF_16LE);
        }
        if (content.length >= 2 && (content[0] & 0xff) == 0xfe && (content[1] & 0xff) == 0xff) {
            return new String(content, 2, content.length - 2, StandardCharsets.UTF_16BE);
        }
        return strictUtf8(content).orElseGet(() -> new String(content, GB18030));
    }

    /** The charset {@link #decode} picks, for the report. */
    static Charset charset(byte[] content) {
        if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf) {
            return StandardCharsets.UTF_8;
        }
        if (content.length >= 2 && ((content[0] & 0xff) == 0xff || (content[0] & 0xff) == 0xfe)) {
            return StandardCharsets.UTF_16;
        }
        return strictUtf8(content).isPresent() ? StandardCharsets.UTF_8 : GB18030;
    }

    private static Optional<String> strictUtf8(byte[] content) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(content))
                .toString());
        }
        catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        return first.indexOf('\t') >= 0 && first.indexOf(',') < 0 ? '\t' : ',';
    }

}
