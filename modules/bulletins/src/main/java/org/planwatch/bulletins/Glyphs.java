package org.planwatch.bulletins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Text as one embedded font can show it, and how wide it is. A department's note may hold
 * an emoji or a character the font lacks; PDFBox throws on those, so they become "?"
 * rather than failing the bulletin.
 */
final class Glyphs {

    private static final float MISSING = -1;

    /**
     * Chinese punctuation that may not start a line: it hangs past the margin instead.
     */
    private static final String NO_LINE_START = "，。、；：？！）》」』”’%％";

    private final PDType0Font font;

    /**
     * Advance width per code point in 1/1000 em, or {@link #MISSING}; a bulletin uses a
     * few thousand at most.
     */
    private final Map<Integer, Float> widths = new HashMap<>();

    Glyphs(PDType0Font font) {
        this.font = font;
    }

    /**
     * The text with controls as spaces, glyphs the font lacks as "?", and invisible marks
     * it lacks dropped.
     */
    String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int shown = Character.isISOControl(cp) || Character.isWhitespace(cp) ? ' ' : cp;
            if (width(shown) != MISSING) {
                out.appendCodePoint(shown);
            }
            else if (!invisible(shown)) {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Width in points of printable text. */
    float width(String printable, float size) {
        float sum = 0;
        for (int i = 0; i < printable.length();) {
            int cp = printable.codePointAt(i);
            sum += width(cp);
            i += Character.charCount(cp);
        }
        return sum * size / 1000;
    }

    /**
     * Printable lines no wider than {@code max} points: a line break in the text starts a
     * new line, a long line breaks at its last space when it has one (Latin words stay
     * whole) or else between any two characters.
     */
    List<String> wrap(String text, float size, float max) {
        List<String> lines = new ArrayList<>();
        float limit = max * 1000 / size;
        for (String paragraph : text.split("\\R", -1)) {
            String p = printable(paragraph).strip();
            int start = 0;
            int lastSpace = -1;
            float used = 0;
            for (int i = 0; i < p.length();) {
                int cp = p.codePointAt(i);
                float w = width(cp);
                if (used + w > limit && i > start && NO_LINE_START.indexOf(cp) < 0) {
                    int end = lastSpace > start ? lastSpace : i;
                    lines.add(p.substring(start, end).stripTrailing());
                    start = end;
                    while (start < p.length() && p.charAt(start) == ' ') {
                        start++;
                    }
                    i = Math.max(i, start);
                    used = width(p.substring(start, i), 1000);
                    lastSpace = -1;
                    continue;
                }
                if (cp == ' ') {
                    lastSpace = i;
                }
                used += w;
                i += Character.charCount(cp);
            }
            lines.add(p.substring(start));
        }
        return lines;
    }

    private float width(int cp) {
        return widths.computeIfAbsent(cp, this::measure);
    }

    private float measure(int cp) {
        try {
            return font.getStringWidth(new String(Character.toChars(cp)));
        }
        catch (IllegalArgumentException e) {
            return MISSING;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

}
