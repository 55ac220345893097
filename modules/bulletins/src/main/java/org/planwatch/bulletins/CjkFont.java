package org.planwatch.bulletins;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.fontbox.ttf.OS2WindowsMetricsTable;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A TrueType font with Chinese glyphs that a bulletin PDF embeds as a subset, so it reads
 * the same on a machine without Chinese fonts. Why these and not Noto CJK: Noto CJK is
 * CFF-outline OpenType, which PDFBox's subsetter (it cuts glyf tables) cannot embed;
 * wqy-zenhei and the others are glyf TrueType, embedded as the few hundred glyphs a
 * bulletin uses. A .ttc can only be subset-embedded by PDFBox, never whole.
 */
public final class CjkFont {

    /** A glyph every bulletin needs: a font without it is not a Chinese font. */
    private static final int PROBE = '督';

    private final Path file;

    private final String name;

    private CjkFont(Path file, String name) {
        this.file = file;
        this.name = name;
    }

    /**
     * Debian's packages, in order: fonts-wqy-zenhei, fonts-wqy-microhei,
     * fonts-droid-fallback, fonts-arphic-uming.
     */
    public static List<Path> defaults() {
        return List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
                Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
                Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
                Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"));
    }

    /**
     * The first candidate that is a readable TrueType font (in a .ttc, the first such
     * font) with Chinese glyphs, glyf outlines and a licence that allows subset
     * embedding; empty when none is.
     */
    public static Optional<CjkFont> find(List<Path> candidates) {
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && Files.isReadable(candidate)) {
                try {
                    Optional<String> name = firstUsable(candidate);
                    if (name.isPresent()) {
                        return Optional.of(new CjkFont(candidate, name.get()));
                    }
                }
                catch (IOException | RuntimeException e) {
                    // A damaged or foreign file is just not a candidate; the next one may
                    // do.
                }
            }
        }
        return Optional.empty();
    }

    public Path file() {
        return file;
    }

    /** The PostScript name of the font used, e.g. WenQuanYiZenHei. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }

    /**
     * Opens the font for one document. The font file must stay open until the document is
     * saved, because the subset is cut from it then; close the result after
     * {@code PDDocument.save}.
     */
    Loaded load(PDDocument document) throws IOException {
        if (isCollection(file)) {
            TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
            try {
                TrueTypeFont ttf = collection.getFontByName(name);
                if (ttf == null) {
                    throw new IOException("No font " + name + " in " + file);
                }
                return new Loaded(PDType0Font.load(document, ttf, true), collection);
            }
            catch (IOException | RuntimeException e) {
                collection.close();
                throw e;
            }
        }
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
        try {
            return new Loaded(PDType0Font.load(document, ttf, true), ttf);
        }
        catch (IOException | RuntimeException e) {
            ttf.close();
            throw e;
        }
    }

    /**
     * The font as embedded in one document, and the file it is cut from, to close after
     * saving.
     */
    record Loaded(PDType0Font font, Closeable source) implements Closeable {

        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    private static Optional<String> firstUsable(Path file) throws IOException {
        if (!isCollection(file)) {
            try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()))) {
                boolean cff = ttf instanceof OpenTypeFont otf && otf.isPostScript();
                return !cff && permitsSubset(ttf.getOS2Windows()) && hasChinese(ttf) ? Optional.of(ttf.getName())
                        : Optional.empty();
            }
        }
        // Headers first: parsing each font of a collection whole costs tens of megabytes
        // of heap.
        List<String> names = new ArrayList<>();
        TrueTypeCollection.processAllFontHeaders(file.toFile(), headers -> {
            if (headers.getError() == null && !headers.isOpenTypePostScript()
                    && permitsSubset(headers.getOS2Windows())) {
                names.add(headers.getName());
            }
        });
        try (TrueTypeCollection collection = new TrueTypeCollection(file.toFile())) {
            for (String name : names) {
                TrueTypeFont ttf = collection.getFontByName(name);
                if (ttf != null && hasChinese(ttf)) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean permitsSubset(OS2WindowsMetricsTable os2) {
        int fsType = os2 == null ? 0 : os2.getFsType();
        boolean restricted = (fsType & 0x000F) == OS2WindowsMetricsTable.FSTYPE_RESTRICTED;
        return !restricted && (fsType & OS2WindowsMetricsTable.FSTYPE_NO_SUBSETTING) == 0;
    }

    private static boolean hasChinese(TrueTypeFont ttf) throws IOException {
        return ttf.getUnicodeCmapLookup(false) != null && ttf.getUnicodeCmapLookup(false).getGlyphId(PROBE) != 0;
    }

    private static boolean isCollection(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc");
    }

}
